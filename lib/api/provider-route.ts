import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Host } from "@/lib/db/generated/client.ts";
import { hostForAgentToken } from "@/lib/hosts/agent-token.ts";
import { readSessionCookie } from "@/lib/auth/actor.ts";
import { userIdForApiToken } from "@/lib/auth/api-tokens.ts";
import { sessionCookieName } from "@/lib/auth/secret.ts";
import { withApiSecurityHeaders } from "@/lib/http/security-headers.ts";
import { ApiError } from "./errors.ts";
import { BODY_LIMITS, refuseDeclaredOversize } from "./request-body.ts";
import { errorResponse, flattenParams, readJson, type NextRouteContext } from "./route.ts";
import { parseInput } from "./validation.ts";

// The wrapper of every provider API route: the caller must be a host agent, authenticated by its
// host's token, and reaches only that host's servers and actions. Customer credentials get 403.

export function providerRoute<BodySchema extends z.ZodType>(
  spec: { body: BodySchema },
  handler: (input: { host: Host; params: Record<string, string>; body: z.infer<BodySchema>; signal: AbortSignal }) => Promise<Response>,
) {
  const answer = async (request: Request, context?: NextRouteContext): Promise<Response> => {
    const requestId = randomUUID();
    try {
      refuseDeclaredOversize(request, BODY_LIMITS.provider);
      const host = await authenticateAgent(request);
      const params = flattenParams((await context?.params) ?? {});
      const body = parseInput(spec.body, await readJson(request, BODY_LIMITS.provider), "request body");
      return await handler({ host, params, body, signal: request.signal });
    } catch (failure) {
      return errorResponse(failure, requestId);
    }
  };
  return async (request: Request, context?: NextRouteContext) => withApiSecurityHeaders(request, await answer(request, context));
}

async function authenticateAgent(request: Request): Promise<Host> {
  const [scheme, token] = (request.headers.get("authorization") ?? "").split(" ");
  if (scheme?.toLowerCase() === "bearer" && token) {
    const host = await hostForAgentToken(token);
    if (host) return host;
    if (await userIdForApiToken(token)) throw customerRefused();
  } else if ([false, true].some((secure) => readSessionCookie(request.headers.get("cookie") ?? "", sessionCookieName(secure)))) {
    throw customerRefused();
  }
  throw new ApiError("unauthorized", "Send the host agent's token as `Authorization: Bearer <token>`.");
}

const customerRefused = () => new ApiError("forbidden", "The provider API is for host agents; customer credentials cannot use it.");
