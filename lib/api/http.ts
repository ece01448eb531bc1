import { randomUUID } from "node:crypto";
import { appLog } from "@/lib/observability/logger.ts";
import { ApiError, errorBody } from "./errors.ts";
import { toApiError } from "./failures.ts";
import { readBodyText } from "./request-body.ts";

// The HTTP plumbing every API route shares, whoever calls it: reading JSON bodies and queries,
// Next's route params, and answering with JSON or the API's error body.

/** What Next passes a route handler; nothing at all for a route without dynamic segments. */
export type NextRouteContext = { params?: Promise<Record<string, string | string[] | undefined>> };

export function jsonResponse(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store" } });
}

export function errorResponse(failure: unknown, requestId: string = randomUUID()): Response {
  const error = toApiError(failure);
  if (error.code === "internal" || error.code === "unavailable") {
    // The full failure goes to the server log under the request id; the client gets only the id.
    appLog().error({ requestId, err: failure }, `request ${requestId} failed: ${failure instanceof Error ? failure.message : String(failure)}`);
  }
  return Response.json(errorBody(error), {
    status: error.status,
    headers: { "Cache-Control": "no-store", "X-Request-Id": requestId, ...error.headers },
  });
}

/**
 * The body as JSON (`{}` when empty), read no further than `limit` bytes. A body sent as anything
 * but JSON is refused (415): a form or text/plain is what a page on another site can send without
 * asking the browser first.
 */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  const text = await readBodyText(request, limit);
  if (text.trim() === "") return {};
  if (!isJson(request.headers.get("content-type"))) {
    throw new ApiError("unsupported_media_type", "Send the request body as JSON, with `Content-Type: application/json`.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("invalid_input", "The request body is not valid JSON");
  }
}

const isJson = (type: string | null) => /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type ?? "");

/** The query as one value per name; a name given twice is ambiguous, and refused rather than guessed at. */
export function queryObject(request: Request): Record<string, string> {
  const query: Record<string, string> = {};
  const repeated = new Set<string>();
  for (const [name, value] of new URL(request.url).searchParams) {
    if (Object.hasOwn(query, name)) repeated.add(name);
    query[name] = value;
  }
  if (repeated.size > 0) {
    throw new ApiError("invalid_input", "Invalid query", { fields: [...repeated].map((field) => ({ field, message: "Given more than once" })) });
  }
  return query;
}

/** Next's params, one string each (a catch-all segment's parts joined with "/"). */
export async function routeParams(context: NextRouteContext | undefined): Promise<Record<string, string>> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries((await context?.params) ?? {})) {
    if (typeof value === "string") flat[key] = value;
    else if (Array.isArray(value)) flat[key] = value.join("/");
  }
  return flat;
}
