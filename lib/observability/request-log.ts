import { randomUUID } from "node:crypto";
import { appLog } from "./logger.ts";
import { metrics } from "./prometheus.ts";

// Every API request ends with one log line and one latency observation: its method, its route (the
// path template, never the URL with its ids), its status, how long it took, its request id, and who
// called. Never a header's or a body's content: credentials stay out of the logs.

export type RequestActor =
  | { actor: "anonymous" }
  | { actor: "customer" | "operator"; userId: string }
  | { actor: "agent"; hostId: string; hostName: string };

/** What the route learns while it answers, for the request's line. */
export type RequestNotes = { readonly requestId: string; actor: RequestActor; errorCode?: string };

/** The route of a request no route serves: an unknown path, or a method the path does not take. */
export const UNMATCHED_ROUTE = "unmatched";

/** A proxy's id, when it is a plain token (a UUID, nginx's $request_id, …), so one id follows the request; else a new one. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id")?.trim();
  return given && /^[\w.:=+/-]{1,128}$/.test(given) ? given : randomUUID();
}

/** Answers with `answer`, sends the request id back as X-Request-Id, then logs the line and observes the latency. */
export async function observeRequest(request: Request, route: string, answer: (notes: RequestNotes) => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const notes: RequestNotes = { requestId: requestIdOf(request), actor: { actor: "anonymous" } };
  let status = 500;
  try {
    const response = withRequestId(await answer(notes), notes.requestId);
    status = response.status;
    return response;
  } finally {
    const seconds = (performance.now() - started) / 1000;
    metrics().requestDuration.observe({ method: request.method, route, status: String(status) }, seconds);
    const durationMs = Math.round(seconds * 10_000) / 10;
    const fields = { requestId: notes.requestId, method: request.method, route, status, durationMs, ...notes.actor, ...(notes.errorCode ? { errorCode: notes.errorCode } : {}) };
    appLog()[status >= 500 ? "error" : "info"](fields, `${request.method} ${route} ${status} in ${Math.round(durationMs)} ms`);
  }
}

function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set("X-Request-Id", requestId);
    return response;
  } catch {
    // Some answers (Response.redirect) have immutable headers: those get it on a copy.
    const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) });
    copy.headers.set("X-Request-Id", requestId);
    return copy;
  }
}
