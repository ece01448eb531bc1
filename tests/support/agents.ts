import { POST as claimRoute } from "@/app/api/provider/v1/actions/claim/route.ts";
import { POST as completeRoute } from "@/app/api/provider/v1/actions/[id]/complete/route.ts";
import { POST as progressRoute } from "@/app/api/provider/v1/actions/[id]/progress/route.ts";
import { POST as reportRoute } from "@/app/api/provider/v1/report/route.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { issueAgentToken } from "@/lib/hosts/agent-token.ts";
import { createHost } from "./factories.ts";
import { apiRequest, bearer, routeContext } from "./http.ts";

// Host agents as the provider API sees them: a host with a token, and calls to its route handlers.

type Headers = Record<string, string>;

/** A fresh host whose agent holds a token (issueAgentToken finds the host by name). */
export async function createAgentHost(options: Parameters<typeof createHost>[0] = {}) {
  const host = await createHost(options);
  const token = await issueAgentToken(host.name);
  return { host, token, headers: bearer(token) };
}

/** The actor a customer acts as when lib/ services are called directly. */
export const customerActor = (user: { id: string }): Actor => ({ userId: user.id, role: "customer", via: "session" });

const post = (path: string, headers: Headers, body: unknown) =>
  apiRequest(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

export const providerApi = {
  claim: (headers: Headers, body: unknown = {}) => claimRoute(post("/api/provider/v1/actions/claim", headers, body), routeContext()),
  progress: (id: string, headers: Headers, body: unknown) =>
    progressRoute(post(`/api/provider/v1/actions/${id}/progress`, headers, body), routeContext({ id })),
  complete: (id: string, headers: Headers, body: unknown) =>
    completeRoute(post(`/api/provider/v1/actions/${id}/complete`, headers, body), routeContext({ id })),
  report: (headers: Headers, body: unknown) => reportRoute(post("/api/provider/v1/report", headers, body), routeContext()),
};
