import type { RouteContract } from "@/lib/contracts/route-contract.ts";
import { actorFromRequest, type Actor } from "@/lib/auth/actor.ts";
import { readerFromRequest, type Reader } from "@/lib/auth/reader.ts";
import { accountNotForTokens, canManageAccount } from "@/lib/auth/permissions.ts";
import type { RequestActor } from "@/lib/observability/request-log.ts";
import { contractRoute, type RouteHandler, type RouteInput } from "./contract-route.ts";
import { BODY_LIMITS } from "./request-body.ts";

// The wrapper of every customer API route: the caller is a signed-in customer (session cookie, or
// an API token) and the route's contract (lib/contracts) says what goes in and out. Handlers stay a
// few lines that call a service in lib/.

type CustomerInput<R extends RouteContract> = Omit<RouteInput<R, Actor>, "caller"> & { actor: Actor };

/** For the request's log line: who, never how (the token or the session stays out of the logs). */
const actorOf = (actor: Actor): RequestActor => ({ actor: actor.role, userId: actor.userId });

export function customerRoute<R extends RouteContract>(route: R, handler: RouteHandler<R, CustomerInput<R>>) {
  const authenticate = route.sessionOnly ? sessionOnlyActor : actorFromRequest;
  return contractRoute(route, { authenticate, identify: actorOf, bodyLimit: BODY_LIMITS.customer }, ({ caller, ...input }) => handler({ actor: caller, ...input }));
}

/** A route's caller where the contract takes a browser session only (`sessionOnly`): an API token is refused. */
async function sessionOnlyActor(request: Request): Promise<Actor> {
  const actor = await actorFromRequest(request);
  if (!canManageAccount(actor)) throw accountNotForTokens();
  return actor;
}

type ReaderInput<R extends RouteContract> = Omit<RouteInput<R, Reader>, "caller"> & { reader: Reader };

/** Until its statement settled it, a session's reader is nobody in the log. */
const readerForLog = (reader: Reader): RequestActor => (reader.role ? { actor: reader.role, userId: reader.userId } : { actor: "anonymous" });

/**
 * A read that every open page polls: its handler's one statement asks whether the session still
 * counts (lib/auth/reader.ts) along with what it reads, and settles the reader from the answer.
 */
export function customerReadRoute<R extends RouteContract>(route: R, handler: RouteHandler<R, ReaderInput<R>>) {
  const authenticate = route.sessionOnly ? sessionOnlyReader : readerFromRequest;
  return contractRoute(route, { authenticate, identify: readerForLog, bodyLimit: BODY_LIMITS.customer }, ({ caller, ...input }) => handler({ reader: caller, ...input }));
}

async function sessionOnlyReader(request: Request): Promise<Reader> {
  const reader = await readerFromRequest(request);
  if (!reader.claim) throw accountNotForTokens();
  return reader;
}

/** A route anyone may call, signed in or not: the API's own description. */
export function publicRoute<R extends RouteContract>(route: R, handler: RouteHandler<R, Omit<RouteInput<R, null>, "caller">>) {
  return contractRoute(route, { authenticate: async () => null, identify: () => ({ actor: "anonymous" }), bodyLimit: BODY_LIMITS.customer }, ({ caller: _anyone, ...input }) =>
    handler(input),
  );
}
