import * as z from "zod/mini";
import { routeErrorCodes, type RouteContract } from "@/lib/contracts/route-contract.ts";
import type { ApiError } from "./errors.ts";

// In development and in tests every answer is checked against its route's contract before it is
// sent: a body of the wrong shape, a field the contract does not name, a status or an error code it
// does not list. A breach is answered as a 500 and logged, so a test meets it at once. Production
// skips the check (API_CONTRACT_CHECKS=on turns it on there too; the browser tests do).

export function checkingContracts(): boolean {
  return process.env.NODE_ENV !== "production" || process.env.API_CONTRACT_CHECKS === "on";
}

/**
 * What is wrong with a success answer, or null when it is what the route promises. `sent` is the
 * body as it went over the wire, read back: undefined fields dropped, dates as strings.
 */
export function replyBreach(route: RouteContract, status: number, sent: unknown): string | null {
  const schema = route.responses[status as keyof RouteContract["responses"]];
  if (!schema) return `answered ${status}, which its contract does not list`;
  const parsed = z.safeParse(schema, sent);
  if (!parsed.success) return `answered a body its contract does not describe:\n${z.prettifyError(parsed.error)}`;
  const unnamed = unnamedFields(parsed.data, sent);
  return unnamed.length > 0 ? `answered fields its contract does not name: ${unnamed.join(", ")}` : null;
}

export function errorBreach(route: RouteContract, error: ApiError): string | null {
  return routeErrorCodes(route).includes(error.code) ? null : `answered the error code ${error.code}, which its contract does not list`;
}

/**
 * Fields of `sent` that parsing dropped: a parsed object keeps only the fields its schema names, so
 * anything more was never part of the contract (an internal column, a secret).
 */
function unnamedFields(parsed: unknown, sent: unknown, at = ""): string[] {
  if (Array.isArray(parsed) && Array.isArray(sent)) return sent.flatMap((item, i) => unnamedFields(parsed[i], item, `${at}[${i}]`));
  if (!isRecord(parsed) || !isRecord(sent)) return [];
  return Object.keys(sent).flatMap((key) => {
    const path = at ? `${at}.${key}` : key;
    return Object.hasOwn(parsed, key) ? unnamedFields(parsed[key], sent[key], path) : [path];
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
