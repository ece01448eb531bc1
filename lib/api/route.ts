import { randomUUID } from "node:crypto";
import { z } from "zod";
import { actorFromRequest, type Actor } from "@/lib/auth/actor.ts";
import { withApiSecurityHeaders } from "@/lib/http/security-headers.ts";
import { ApiError, errorBody } from "./errors.ts";
import { toApiError } from "./failures.ts";
import { BODY_LIMITS, readBodyText, refuseDeclaredOversize } from "./request-body.ts";
import { parseInput } from "./validation.ts";

// The one wrapper every customer API route goes through: authenticate, parse and validate the
// input, run the handler, and turn any failure into the API's error body. Handlers stay a few
// lines that call a service in lib/.

// Next passes no params at all to a route without dynamic segments.
export type NextRouteContext = { params?: Promise<Record<string, string | string[] | undefined>> };

type Input<Body, Query> = {
  actor: Actor;
  params: Record<string, string>;
  body: Body;
  query: Query;
  request: Request;
};

type Spec<BodySchema extends z.ZodType | undefined, QuerySchema extends z.ZodType | undefined> = {
  body?: BodySchema;
  query?: QuerySchema;
};

type Parsed<S> = S extends z.ZodType ? z.infer<S> : undefined;

export function customerRoute<
  BodySchema extends z.ZodType | undefined = undefined,
  QuerySchema extends z.ZodType | undefined = undefined,
>(
  spec: Spec<BodySchema, QuerySchema>,
  handler: (input: Input<Parsed<BodySchema>, Parsed<QuerySchema>>) => Promise<Response>,
) {
  const answer = async (request: Request, context?: NextRouteContext): Promise<Response> => {
    const requestId = randomUUID();
    try {
      refuseDeclaredOversize(request, BODY_LIMITS.customer);
      const actor = await actorFromRequest(request);
      const params = flattenParams((await context?.params) ?? {});
      // A route that declares no body or query takes none: anything sent is reported, not ignored.
      const body = parseInput(spec.body ?? noInput, await readJson(request, BODY_LIMITS.customer), "request body") as Parsed<BodySchema>;
      const query = parseInput(spec.query ?? noInput, queryObject(request), "query") as Parsed<QuerySchema>;
      return await handler({ actor, params, body, query, request });
    } catch (failure) {
      return errorResponse(failure, requestId);
    }
  };
  return async (request: Request, context?: NextRouteContext) => withApiSecurityHeaders(request, await answer(request, context));
}

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store" } });
}

export function errorResponse(failure: unknown, requestId: string = randomUUID()): Response {
  const error = toApiError(failure);
  if (error.code === "internal" || error.code === "unavailable") {
    // The full failure goes to the server log under the request id; the client gets only the id.
    console.error(`[${requestId}]`, failure);
  }
  return Response.json(errorBody(error), {
    status: error.status,
    headers: { "Cache-Control": "no-store", "X-Request-Id": requestId, ...error.headers },
  });
}

const noInput = z.strictObject({}).transform(() => undefined);

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
function queryObject(request: Request): Record<string, string> {
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

export function flattenParams(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === "string") flat[key] = value;
    else if (Array.isArray(value)) flat[key] = value.join("/");
  }
  return flat;
}
