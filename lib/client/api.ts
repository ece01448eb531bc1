// Browser-side calls to the customer API. Each call names its route's contract (lib/contracts), and
// every answer is parsed by that contract's schema, so what the UI reads is what the types say.
// Safe to import from client components: the contracts hold no server-only code. They and zod are
// fetched with the first call rather than with the page (answers.ts), and every answer is still
// parsed. Every failure becomes an ApiRequestError whose message can be shown to the customer as it is.
import type * as z from "zod/mini";
import type { ActionView } from "@/lib/contracts/actions";
import type { customerRoutes } from "@/lib/contracts/customer-routes";
import type { ErrorCode } from "@/lib/contracts/errors";
import type { RouteBodyInput, RouteContract } from "@/lib/contracts/route-contract";
import type { ServerView } from "@/lib/contracts/servers";
import type { RestartMode } from "@/lib/actions/commands/restart";
import type { MemoryRange } from "@/lib/metrics/memory-ranges";

/** Codes of the API, and two of the browser's own: no answer at all, or one the contract does not describe. */
export type ClientErrorCode = ErrorCode | "network" | "unexpected_response";

/**
 * A failed API call: the API's error code, its message (in English, written for API clients and kept
 * for the browser's console), and any details it sent. The pages word a failure by its code, in the
 * reader's language (error-words.ts).
 */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly code: ClientErrorCode,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

type CustomerRoute = (typeof customerRoutes)[keyof typeof customerRoutes];

const UNREACHABLE = "no answer from the dashboard";

/** The routes and their schemas; a chunk of its own, loaded once, by the first call that needs it. */
export const contracts = () =>
  import("./answers").catch(() => {
    throw new ApiRequestError(UNREACHABLE, "network", 0);
  });

type Call<R extends CustomerRoute> = {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: RouteBodyInput<R>;
  signal?: AbortSignal;
};

/** One call to a route of the customer API: its answer's body (still to be parsed), or an ApiRequestError in plain words. */
export async function call<R extends CustomerRoute>(route: R, { params = {}, query, body, signal }: Call<R>): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(pathOf(route, params, query), {
      method: route.method,
      credentials: "same-origin",
      // Reads carry an ETag: the browser asks with If-None-Match, and a 304 hands back the answer it kept.
      cache: "no-cache",
      signal,
      headers: { Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiRequestError(UNREACHABLE, "network", 0);
  }
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return payload;
  const refusal = (await contracts()).parsedRefusal(payload);
  if (refusal) {
    const { code, message, details } = refusal;
    throw new ApiRequestError(message, code, response.status, details);
  }
  throw new ApiRequestError(`an answer the API does not describe (HTTP ${response.status})`, "unexpected_response", response.status);
}

function pathOf(route: RouteContract, params: Record<string, string>, query?: Record<string, string>): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
  return query ? `${path}?${new URLSearchParams(query)}` : path;
}

/** A success answer, parsed by its route's response schema; anything else is not an answer the UI can trust. */
export async function answerOf<S extends z.ZodMiniType>(schema: S, payload: unknown): Promise<z.output<S>> {
  const parsed = (await contracts()).parsedAnswer(schema, payload);
  if (!parsed) throw new ApiRequestError("an answer its contract does not describe", "unexpected_response", 200);
  return parsed.data;
}

/** For TanStack Query: a 4xx answer will not change by asking again; anything else (network, 5xx) gets two more tries. */
export function retryUnlessClientError(failureCount: number, error: Error): boolean {
  if (error instanceof ApiRequestError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export async function fetchServer(serverId: string): Promise<ServerView> {
  const routes = (await contracts()).customerRoutes;
  const payload = await call(routes.getServer, { params: { id: serverId } });
  return (await answerOf(routes.getServer.responses[200], payload)).server;
}

/** The server's actions, newest first. */
export async function fetchServerActions(serverId: string): Promise<ActionView[]> {
  const routes = (await contracts()).customerRoutes;
  const payload = await call(routes.listActions, { params: { id: serverId } });
  return (await answerOf(routes.listActions.responses[200], payload)).actions;
}

export async function fetchAction(actionId: string): Promise<ActionView> {
  const routes = (await contracts()).customerRoutes;
  const payload = await call(routes.getAction, { params: { id: actionId } });
  return (await answerOf(routes.getAction.responses[200], payload)).action;
}

export async function fetchMemorySeries(serverId: string, range: MemoryRange, signal?: AbortSignal) {
  const routes = (await contracts()).customerRoutes;
  const payload = await call(routes.getMemory, { params: { id: serverId }, query: { range }, signal });
  // The answer's rows become MemoryPoint objects for the chart, in the contracts' own chunk.
  return (await contracts()).withPointObjects(await answerOf(routes.getMemory.responses[200], payload));
}

/** `enabled` is ballooning ON. "now" answers with the restart's action; "later" (or no change) with null. */
export async function putBallooning(serverId: string, body: RouteBodyInput<typeof customerRoutes.setBallooning>) {
  const routes = (await contracts()).customerRoutes;
  const payload = await call(routes.setBallooning, { params: { id: serverId }, body });
  // 200 and 202 answer the same shape: the server, and the restart's action when one was queued.
  return answerOf(routes.setBallooning.responses[202], payload);
}

export async function postRestart(serverId: string, mode: RestartMode): Promise<ActionView> {
  const routes = (await contracts()).customerRoutes;
  const payload = await call(routes.restartServer, { params: { id: serverId }, body: { mode } });
  return (await answerOf(routes.restartServer.responses[202], payload)).action;
}

/**
 * Erases the LXC server and recreates it on KVM with `image`; `confirmName` must be the server's name
 * exactly. A generated root password comes back this once, as `rootPassword`.
 */
export async function postReinstall(serverId: string, body: RouteBodyInput<typeof customerRoutes.reinstallServer>): Promise<{ action: ActionView; rootPassword?: string }> {
  const routes = (await contracts()).customerRoutes;
  const payload = await call(routes.reinstallServer, { params: { id: serverId }, body });
  return answerOf(routes.reinstallServer.responses[202], payload);
}

/** "Sign out everywhere": ends every browser session of this account; answers how many. */
export async function revokeAllSessions(): Promise<number> {
  const routes = (await contracts()).customerRoutes;
  return (await answerOf(routes.signOutEverywhere.responses[200], await call(routes.signOutEverywhere, {}))).revoked;
}

export function isActionActive(action: Pick<ActionView, "status"> | null | undefined): boolean {
  return action?.status === "queued" || action?.status === "running";
}
