import * as z from "zod/mini";
import type { RouteBody, RouteContract, RouteParams, RouteQuery, RouteReply } from "@/lib/contracts/route-contract.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import { withApiSecurityHeaders } from "@/lib/http/security-headers.ts";
import { appLog } from "@/lib/observability/logger.ts";
import { observeRequest, type RequestActor, type RequestNotes } from "@/lib/observability/request-log.ts";
import { checkingContracts, errorBreach, replyBreach } from "./contract-check.ts";
import { ApiError } from "./errors.ts";
import { toApiError } from "./failures.ts";
import { errorResponse, jsonResponse, queryObject, readJson, routeParams, type NextRouteContext } from "./http.ts";
import { refuseDeclaredOversize } from "./request-body.ts";
import { parseInput } from "./validation.ts";

// What every API route does around its handler, whoever its callers are (customer-route.ts,
// provider-route.ts): refuse an oversized body, authenticate, parse the path, query and body by the
// route's contract, run the handler, and answer its reply, or any failure as the API's error body;
// then log the request's line, naming who called (lib/observability/request-log.ts).

export type RouteInput<R extends RouteContract, Caller> = {
  caller: Caller;
  params: RouteParams<R>;
  query: RouteQuery<R>;
  body: RouteBody<R>;
  request: Request;
};

export type RouteHandler<R extends RouteContract, Input> = (input: Input) => Promise<RouteReply<R>>;

/** A route that declares no body or query takes none: anything sent is reported, not ignored. */
const noInput = z.pipe(
  z.strictObject({}),
  z.transform(() => undefined),
);

export function contractRoute<R extends RouteContract, Caller>(
  route: R,
  {
    authenticate,
    identify,
    bodyLimit,
  }: { authenticate: (request: Request) => Promise<Caller>; identify: (caller: Caller) => RequestActor; bodyLimit: number },
  handler: RouteHandler<R, RouteInput<R, Caller>>,
) {
  const answer = async (request: Request, context: NextRouteContext | undefined, notes: RequestNotes): Promise<Response> => {
    const { requestId } = notes;
    let caller: Caller | undefined;
    try {
      refuseDeclaredOversize(request, bodyLimit);
      caller = await authenticate(request);
      notes.actor = identify(caller);
      const params = pathParams(route, await routeParams(context));
      // The casts name what the contract's schema just produced: TypeScript cannot follow an optional schema.
      const body = parseInput(route.body ?? noInput, await readJson(request, bodyLimit), "request body") as RouteBody<R>;
      const query = parseInput(route.query ?? noInput, queryObject(request), "query") as RouteQuery<R>;
      const reply = await handler({ caller, params, query, body, request });
      // A caller the handler's own statement authenticated (lib/auth/reader.ts) is known only now.
      notes.actor = identify(caller);
      const text = "json" in reply ? reply.json : (JSON.stringify(reply.body) ?? "null");
      const breach = checkingContracts() ? replyBreach(route, reply.status, JSON.parse(text)) : null;
      if (breach) return contractBreached(route, breach, notes);
      return jsonResponse(text, reply.status, request);
    } catch (failure) {
      if (caller !== undefined) notes.actor = identify(caller);
      const error = toApiError(failure);
      notes.errorCode = error.code;
      const breach = checkingContracts() ? errorBreach(route, error) : null;
      if (breach) return contractBreached(route, breach, notes, failure);
      return errorResponse(failure, requestId);
    }
  };
  return (request: Request, context?: NextRouteContext) =>
    observeRequest(request, route.path, async (notes) => withApiSecurityHeaders(request, await answer(request, context, notes)));
}

/** The path's parameters by the contract; one that does not fit names nothing, and is answered as missing. */
function pathParams<R extends RouteContract>(route: R, raw: Record<string, string>): RouteParams<R> {
  if (!route.params) return undefined as RouteParams<R>;
  const parsed = z.safeParse(route.params, raw);
  if (parsed.success) return parsed.data as RouteParams<R>;
  if (route.notFound) throw notFound(route.notFound);
  throw new ApiError("invalid_input", "Invalid path");
}

function contractBreached(route: RouteContract, breach: string, notes: RequestNotes, failure?: unknown): Response {
  appLog().error({ requestId: notes.requestId, breach, ...(failure ? { err: failure } : {}) }, `${route.method} ${route.path} broke its contract: ${breach}`);
  notes.errorCode = "internal";
  return errorResponse(new ApiError("internal", `The answer broke the API's contract (${route.method} ${route.path}): ${breach}`), notes.requestId);
}
