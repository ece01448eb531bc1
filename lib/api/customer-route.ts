import type { RouteContract } from "@/lib/contracts/route-contract.ts";
import { actorFromRequest, type Actor } from "@/lib/auth/actor.ts";
import { readerFromRequest, type Reader } from "@/lib/auth/reader.ts";
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
  return contractRoute(route, { authenticate: actorFromRequest, identify: actorOf, bodyLimit: BODY_LIMITS.customer }, ({ caller, ...input }) =>
    handler({ actor: caller, ...input }),
  );
}

type ReaderInput<R extends RouteContract> = Omit<RouteInput<R, Reader>, "caller"> & { reader: Reader };

/** Until its statement settled it, a session's reader is nobody in the log. */
const readerForLog = (reader: Reader): RequestActor => (reader.role ? { actor: reader.role, userId: reader.userId } : { actor: "anonymous" });

/**
 * A read that every open page polls: its handler's one statement asks whether the session still
 * counts (lib/auth/reader.ts) along with what it reads, and settles the reader from the answer.
 */
export function customerReadRoute<R extends RouteContract>(route: R, handler: RouteHandler<R, ReaderInput<R>>) {
  return contractRoute(route, { authenticate: readerFromRequest, identify: readerForLog, bodyLimit: BODY_LIMITS.customer }, ({ caller, ...input }) =>
    handler({ reader: caller, ...input }),
  );
}

/** A route anyone may call, signed in or not: the API's own description. */
export function publicRoute<R extends RouteContract>(route: R, handler: RouteHandler<R, Omit<RouteInput<R, null>, "caller">>) {
  return contractRoute(route, { authenticate: async () => null, identify: () => ({ actor: "anonymous" }), bodyLimit: BODY_LIMITS.customer }, ({ caller: _anyone, ...input }) =>
    handler(input),
  );
}
