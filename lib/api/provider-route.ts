import type { Host } from "@/lib/db/generated/client.ts";
import type { RouteContract } from "@/lib/contracts/route-contract.ts";
import { hostForAgentToken } from "@/lib/hosts/agent-token.ts";
import { readSessionCookie } from "@/lib/auth/actor.ts";
import { userIdForApiToken } from "@/lib/auth/api-tokens.ts";
import { bearerToken } from "@/lib/auth/bearer-token.ts";
import { sessionCookieName } from "@/lib/auth/secret.ts";
import type { RequestActor } from "@/lib/observability/request-log.ts";
import { contractRoute, type RouteHandler, type RouteInput } from "./contract-route.ts";
import { ApiError } from "./errors.ts";
import { BODY_LIMITS } from "./request-body.ts";

// The wrapper of every provider API route: the caller must be a host agent, authenticated by its
// host's token, and reaches only that host's servers and actions. Customer credentials get 403.

type ProviderInput<R extends RouteContract> = Omit<RouteInput<R, Host>, "caller"> & { host: Host };

/** For the request's log line: the agent's host. */
const hostOf = (host: Host): RequestActor => ({ actor: "agent", hostId: host.id, hostName: host.name });

export function providerRoute<R extends RouteContract>(route: R, handler: RouteHandler<R, ProviderInput<R>>) {
  return contractRoute(route, { authenticate: authenticateAgent, identify: hostOf, bodyLimit: BODY_LIMITS.provider }, ({ caller, ...input }) =>
    handler({ host: caller, ...input }),
  );
}

async function authenticateAgent(request: Request): Promise<Host> {
  const { token } = bearerToken(request);
  if (token) {
    const host = await hostForAgentToken(token);
    if (host) return host;
    if (await userIdForApiToken(token)) throw customerRefused();
  } else if ([false, true].some((secure) => readSessionCookie(request.headers.get("cookie") ?? "", sessionCookieName(secure)))) {
    throw customerRefused();
  }
  throw new ApiError("unauthorized", "Send the host agent's token as `Authorization: Bearer <token>`.");
}

const customerRefused = () => new ApiError("forbidden", "The provider API is for host agents; customer credentials cannot use it.");
