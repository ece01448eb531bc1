import type * as z from "zod/mini";
import type { DomainErrorCode, NotFoundCode } from "@/lib/errors/domain-error.ts";
import type { ErrorCode } from "./errors.ts";

// What one route of the API promises: its path and method, what it takes, what it answers with
// each success status, and which refusals of the services behind it a client can meet. The route
// handlers (lib/api), the browser client and the host agent (via the schemas), the OpenAPI document
// and the tests all read the same definitions.

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type SuccessStatus = 200 | 201 | 202;

type Schema = z.ZodMiniType;

export type RouteContract = {
  /** Who calls it: customers (session or API token), host agents (the host's token) or operators (an operator's API token). */
  api: "customer" | "provider" | "admin";
  method: HttpMethod;
  /** OpenAPI style: `/api/v1/servers/{id}`. */
  path: string;
  summary: string;
  description?: string;
  /** The reference's section. */
  tag: string;
  /** The path's parameters. A value that does not fit names nothing: answered with `notFound`. */
  params?: z.ZodMiniObject;
  notFound?: NotFoundCode;
  query?: z.ZodMiniObject;
  body?: Schema;
  responses: Partial<Record<SuccessStatus, Schema>>;
  /** The services' refusals this route answers with (its `notFound` among them). */
  errors: readonly DomainErrorCode[];
  /** Public: no credentials needed (the API's own description). */
  public?: boolean;
  /**
   * A customer route only the dashboard's own browser session may call (the account's password and
   * sessions): an API token is refused, 403 `forbidden`, so a leaked token cannot take the account over.
   */
  sessionOnly?: boolean;
  /** Attempts are counted, and refused past a limit: 429 `rate_limited`, with Retry-After. */
  rateLimited?: boolean;
};

export function defineRoute<const R extends RouteContract>(route: R): R {
  return route;
}

type Parsed<S> = S extends Schema ? z.output<S> : undefined;

export type RouteParams<R extends RouteContract> = Parsed<R["params"]>;
export type RouteQuery<R extends RouteContract> = Parsed<R["query"]>;
export type RouteBody<R extends RouteContract> = Parsed<R["body"]>;
/** What a client sends as the body. */
export type RouteBodyInput<R extends RouteContract> = R["body"] extends Schema ? z.input<R["body"]> : undefined;

type StatusOf<R extends RouteContract> = keyof R["responses"] & SuccessStatus;

declare const jsonOf: unique symbol;

/**
 * A body already written as JSON text that promises to be a `T` on the wire: a large answer that
 * PostgreSQL builds whole (a memory series) goes out as it came, without being parsed into objects
 * and written again. Checked against the route's contract like any body wherever contracts are checked.
 */
export type JsonText<T> = string & { readonly [jsonOf]: T };

type ReplyBody<R extends RouteContract, S extends StatusOf<R>> = R["responses"][S] extends Schema ? z.input<R["responses"][S]> : never;

/** What a handler answers: one of the route's success statuses with its body, as a value or as JSON text. */
export type RouteReply<R extends RouteContract> = {
  [S in StatusOf<R>]: { status: S; body: ReplyBody<R, S> } | { status: S; json: JsonText<ReplyBody<R, S>> };
}[StatusOf<R>];

/** The body a client receives from a route (any of its success statuses). */
export type RouteAnswer<R extends RouteContract> = {
  [S in StatusOf<R>]: R["responses"][S] extends Schema ? z.output<R["responses"][S]> : never;
}[StatusOf<R>];

/**
 * Every code a route can answer with: its own refusals and what the HTTP layer refuses for any
 * route (malformed or oversized input, missing credentials, a cross-site request, an outage).
 */
export function routeErrorCodes(route: RouteContract): ErrorCode[] {
  const codes: ErrorCode[] = ["invalid_input"];
  if (!route.public) codes.push("unauthorized");
  if (route.api === "provider") codes.push("forbidden");
  // The admin API tells a customer's credentials nothing (404, as for no such endpoint), and refuses
  // other credentials that are not an operator's API token (a host agent's, a browser session).
  if (route.api === "admin") codes.push("forbidden", "not_found");
  // Browsers send cookies along with another site's requests: unsafe methods must come from our pages.
  // A read-only API token is refused on every customer route that changes something (lib/auth/actor.ts).
  if (route.api === "customer" && !route.public && route.method !== "GET") codes.push("cross_site_request", "token_read_only");
  if (route.sessionOnly) codes.push("forbidden");
  codes.push(...route.errors, "payload_too_large");
  if (route.rateLimited) codes.push("rate_limited");
  // Next hands a GET handler no body at all, so only other methods read one that can be of the wrong
  // type. (A GET's declared Content-Length is still checked: payload_too_large.)
  if (route.method !== "GET") codes.push("unsupported_media_type");
  codes.push("internal");
  // Credentials are looked up in the database; the one public route (the API's description) reads none.
  if (!route.public) codes.push("unavailable");
  return [...new Set(codes)];
}
