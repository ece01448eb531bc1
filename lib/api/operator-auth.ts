import { apiTokenActor, sessionActor, type Actor } from "@/lib/auth/actor.ts";
import { bearerToken } from "@/lib/auth/bearer-token.ts";
import { hostForAgentToken } from "@/lib/hosts/agent-token.ts";
import { ApiError } from "./errors.ts";

// Who may use what operators use (the admin API, Prometheus's /metrics): an operator's API token,
// sent as `Authorization: Bearer`. A customer's credentials (token or session) are answered as an
// unknown endpoint is, so customers learn nothing of these from using them; a host agent's token
// and a browser session are refused (403); no credentials at all are asked for (401). Sessions are
// never taken: no cookie, no cross-site risk.

export async function authenticateOperator(request: Request): Promise<Actor> {
  const { sent, token } = bearerToken(request);
  if (sent) {
    if (!token) throw unauthorized();
    const actor = await apiTokenActor(token);
    if (actor?.role === "operator") return actor;
    if (actor) throw hidden();
    if (await hostForAgentToken(token)) throw new ApiError("forbidden", "The admin API takes an operator's API token; a host agent's token cannot use it.");
    throw unauthorized();
  }
  const session = await sessionActor(request);
  if (session?.role === "customer") throw hidden();
  if (session) throw new ApiError("forbidden", "The admin API takes an operator's API token (`npm run ops -- token create`), not a browser session.");
  throw unauthorized();
}

const unauthorized = () => new ApiError("unauthorized", "Send an operator's API token as `Authorization: Bearer <token>`.");

/** Exactly what an API path no route claims answers (app/api/[...path]/route.ts). */
const hidden = () => new ApiError("not_found", "No such API endpoint");
