import { createHash, randomUUID } from "node:crypto";
import { appLog } from "@/lib/observability/logger.ts";
import { ApiError, errorBody } from "./errors.ts";
import { toApiError } from "./failures.ts";
import { readBodyText } from "./request-body.ts";

// The HTTP plumbing every API route shares, whoever calls it: reading JSON bodies and queries,
// Next's route params, and answering with JSON or the API's error body.

/** What Next passes a route handler; nothing at all for a route without dynamic segments. */
export type NextRouteContext = { params?: Promise<Record<string, string | string[] | undefined>> };

/**
 * The answer, given as JSON text. A successful read carries an ETag of its body, and a request whose
 * If-None-Match names that ETag gets 304 with no body: the memory chart polls every 10 s, and a poll
 * that finds what it already has costs neither the bytes nor the browser's parsing. Browsers may
 * keep such an answer in their own cache only (private) and ask again every time (no-cache); every
 * other answer is never stored.
 */
export function jsonResponse(text: string, status = 200, request?: Request): Response {
  const method = request?.method;
  if (status !== 200 || (method !== "GET" && method !== "HEAD")) {
    return new Response(text, { status, headers: { "Cache-Control": "no-store", "Content-Type": "application/json" } });
  }
  // Encoded once, for the tag and the answer alike: a chart's answer is some 15 KB.
  const body = Buffer.from(text);
  const etag = `W/"${createHash("sha1").update(body).digest("base64url")}"`;
  const headers = { "Cache-Control": "private, no-cache", ETag: etag, Vary: "Cookie, Authorization" };
  if (namesEtag(request?.headers.get("if-none-match") ?? null, etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { status, headers: { ...headers, "Content-Type": "application/json" } });
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): `*`, or any listed tag, with or without W/. */
function namesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
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
