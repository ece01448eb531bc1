import {
  claimBody,
  claimResponse,
  completeBody,
  completeResponse,
  progressBody,
  progressResponse,
  providerActionPath,
  reportBody,
  reportResponse,
} from "./provider.ts";
import { defineRoute } from "./route-contract.ts";

// Every route of the provider API, which host agents call (lib/agent/provider-client.ts calls them
// by these entries). Documented for operators in the same OpenAPI document as the customer API.

const providerActionRoute = { params: providerActionPath, notFound: "action_not_found" } as const;

export const providerRoutes = {
  claimActions: defineRoute({
    api: "provider",
    method: "POST",
    path: "/api/provider/v1/actions/claim",
    tag: "Host agents",
    summary: "Claim queued actions",
    description:
      "Hands out the host's oldest queued actions, at most one per server, each under a lease. An action whose agent vanished (lease lapsed) is handed out again and resumes at its first unfinished step.",
    body: claimBody,
    responses: { 200: claimResponse },
    errors: [],
  }),
  reportProgress: defineRoute({
    api: "provider",
    method: "POST",
    path: "/api/provider/v1/actions/{id}/progress",
    tag: "Host agents",
    summary: "Report a step's progress",
    description: "Renews the lease. Without a step it is a heartbeat. `lease_lost` means another agent holds the action now: stop working on it.",
    ...providerActionRoute,
    body: progressBody,
    responses: { 200: progressResponse },
    errors: ["action_not_found", "lease_lost", "unknown_step", "invalid_step_data"],
  }),
  completeAction: defineRoute({
    api: "provider",
    method: "POST",
    path: "/api/provider/v1/actions/{id}/complete",
    tag: "Host agents",
    summary: "Finish an action",
    description: "Idempotent: completing a finished action again changes nothing and answers it.",
    ...providerActionRoute,
    body: completeBody,
    responses: { 200: completeResponse },
    errors: ["action_not_found", "lease_lost"],
  }),
  report: defineRoute({
    api: "provider",
    method: "POST",
    path: "/api/provider/v1/report",
    tag: "Host agents",
    summary: "Report the host's domains",
    description: "What the agent sees of every domain on the host: power state, balloon and memory. Sent every ten seconds.",
    body: reportBody,
    responses: { 200: reportResponse },
    errors: [],
  }),
} as const;
