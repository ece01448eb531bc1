import * as z from "zod/mini";
import type { createDocument } from "zod-openapi";
import { changePasswordBody, changePasswordResponse, setLocaleBody, setLocaleResponse } from "./account.ts";
import { actionListResponse, actionPath, actionResponse, reinstallBody, reinstallResponse, restartBody } from "./actions.ts";
import { apiTokenListResponse, apiTokenPath, createApiTokenBody, createApiTokenResponse, revokeApiTokenResponse } from "./api-tokens.ts";
import { activityQuery, activityResponse } from "./activity.ts";
import { memoryQuery, memorySeriesSchema } from "./metrics.ts";
import { defineRoute } from "./route-contract.ts";
import { serverListResponse, serverPath, serverResponse, setBallooningBody, setBallooningResponse } from "./servers.ts";
import { endSessionResponse, revokeSessionsResponse, sessionListResponse, sessionPath } from "./sessions.ts";

// Every route of the customer API. Each route file in app/api/v1 hands its entry to the route
// wrapper; the browser client calls routes by these entries; the OpenAPI document (lib/openapi) is
// generated from them, and a test checks that every route file has one and answers as it says.

/** An OpenAPI 3.1 document; its own specification describes it, not this schema. */
const openApiDocumentSchema = z
  .custom<ReturnType<typeof createDocument>>((value) => typeof value === "object" && value !== null && "openapi" in value && "paths" in value)
  .check(z.meta({ description: "An OpenAPI 3.1 document: https://spec.openapis.org/oas/v3.1.0" }));

const serverRoute = { params: serverPath, notFound: "server_not_found" } as const;

export const customerRoutes = {
  listServers: defineRoute({
    api: "customer",
    method: "GET",
    path: "/api/v1/servers",
    tag: "Servers",
    summary: "List your servers",
    responses: { 200: serverListResponse },
    errors: [],
  }),
  getServer: defineRoute({
    api: "customer",
    method: "GET",
    path: "/api/v1/servers/{id}",
    tag: "Servers",
    summary: "Get a server",
    ...serverRoute,
    responses: { 200: serverResponse },
    errors: ["server_not_found"],
  }),
  getMemory: defineRoute({
    api: "customer",
    method: "GET",
    path: "/api/v1/servers/{id}/metrics/memory",
    tag: "Servers",
    summary: "Memory over time",
    description: "The server's memory over a range, with the moments ballooning was switched or the server moved to KVM.",
    ...serverRoute,
    query: memoryQuery,
    responses: { 200: memorySeriesSchema },
    errors: ["server_not_found"],
  }),
  setBallooning: defineRoute({
    api: "customer",
    method: "PUT",
    path: "/api/v1/servers/{id}/settings/ballooning",
    tag: "Settings",
    summary: "Turn memory ballooning on or off",
    description: [
      "Records the choice and, with `restart: \"now\"`, queues the cold restart that applies it (202 with the action).",
      "Requests coalesce: while an action that applies settings is queued, further changes join it and the answer carries that same action; while one runs, a change queues at most one follow-up.",
      "Choosing what the server already runs with answers 200 with `action: null`. LXC servers have no balloon: reinstall them onto KVM.",
      "Disabling ballooning guarantees the server its whole plan: it reserves that memory on the server's host from the moment the choice is accepted, and is refused (409 `guaranteed_memory_unavailable`, nothing changed) when the host has no room left to guarantee it, or has not reported its memory yet. Enabling ballooning frees the reservation and is always accepted.",
    ].join("\n\n"),
    ...serverRoute,
    body: setBallooningBody,
    responses: { 200: setBallooningResponse, 202: setBallooningResponse },
    errors: ["server_not_found", "ballooning_unsupported", "reinstall_in_progress", "guaranteed_memory_unavailable"],
  }),
  restartServer: defineRoute({
    api: "customer",
    method: "POST",
    path: "/api/v1/servers/{id}/actions/restart",
    tag: "Actions",
    summary: "Restart a server",
    description: "A cold restart, which also applies pending settings. Refused while a restart or settings change is queued or running: `details.actionId` names it.",
    ...serverRoute,
    body: restartBody,
    responses: { 202: actionResponse },
    errors: ["server_not_found", "action_in_progress", "reinstall_in_progress"],
  }),
  reinstallServer: defineRoute({
    api: "customer",
    method: "POST",
    path: "/api/v1/servers/{id}/actions/reinstall",
    tag: "Actions",
    summary: "Reinstall an LXC server onto KVM",
    description:
      "Erases the server and recreates it on KVM from the chosen image, with a disk of the plan's size. `confirmName` must be the server's name exactly. The image must be one the server's host has. On its first boot the server takes its host name from the server's name and the login chosen in `login`.",
    ...serverRoute,
    body: reinstallBody,
    responses: { 202: reinstallResponse },
    errors: ["server_not_found", "unknown_image", "invalid_ssh_key", "confirmation_mismatch", "already_on_kvm", "kvm_name_taken", "action_in_progress"],
  }),
  listActions: defineRoute({
    api: "customer",
    method: "GET",
    path: "/api/v1/servers/{id}/actions",
    tag: "Actions",
    summary: "A server's actions",
    ...serverRoute,
    responses: { 200: actionListResponse },
    errors: ["server_not_found"],
  }),
  getAction: defineRoute({
    api: "customer",
    method: "GET",
    path: "/api/v1/actions/{id}",
    tag: "Actions",
    summary: "Get an action",
    description: "Poll it (about once a second) to follow an action's steps until its status is `success` or `error`.",
    params: actionPath,
    notFound: "action_not_found",
    responses: { 200: actionResponse },
    errors: ["action_not_found"],
  }),
  signOutEverywhere: defineRoute({
    api: "customer",
    method: "DELETE",
    path: "/api/v1/sessions",
    tag: "Account",
    summary: "Sign out everywhere",
    description: "Ends every browser session of yours, this one included. API tokens are not affected.",
    responses: { 200: revokeSessionsResponse },
    errors: [],
  }),
  openApiDocument: defineRoute({
    api: "customer",
    method: "GET",
    path: "/api/v1/openapi.json",
    tag: "Reference",
    summary: "This document",
    description: "The API's OpenAPI 3.1 description, generated from the schemas the routes check their input and answers against.",
    public: true,
    responses: { 200: openApiDocumentSchema },
    errors: [],
  }),
  listApiTokens: defineRoute({
    api: "customer",
    method: "GET",
    path: "/api/v1/tokens",
    tag: "Account",
    summary: "List your API tokens",
    description: "Every token of yours that is not revoked, expired ones included, newest first: its name, prefix, scope and times, never its secret. Any of your credentials may list them.",
    responses: { 200: apiTokenListResponse },
    errors: [],
  }),
  createApiToken: defineRoute({
    api: "customer",
    method: "POST",
    path: "/api/v1/tokens",
    tag: "Account",
    summary: "Create an API token",
    description: [
      "Answers 201 with the token's `secret`, this once: only its SHA-256 is kept, so a lost secret means a new token.",
      "`scope` says what the token may do: `read` only reads, and every request of it that would change something is refused (403 `token_read_only`); `read_write` reads and changes. `expiresAt` is optional, in the future and at most a year ahead.",
      "Only the dashboard (a browser session) makes tokens: an API token is refused (403 `forbidden`), so a leaked token cannot make more of itself. Operators' tokens reach the admin API and are made with `npm run ops -- token create`, not here (403 `forbidden`).",
    ].join("\n\n"),
    sessionOnly: true,
    body: createApiTokenBody,
    responses: { 201: createApiTokenResponse },
    errors: ["forbidden"],
  }),
  revokeApiToken: defineRoute({
    api: "customer",
    method: "DELETE",
    path: "/api/v1/tokens/{id}",
    tag: "Account",
    summary: "Revoke an API token",
    description:
      "The token stops working at once and is no longer listed. A token revoked already, another customer's and a missing one are answered alike (404 `token_not_found`). Only the dashboard (a browser session) revokes tokens: an API token is refused (403 `forbidden`).",
    sessionOnly: true,
    params: apiTokenPath,
    notFound: "token_not_found",
    responses: { 200: revokeApiTokenResponse },
    errors: ["token_not_found"],
  }),
  changePassword: defineRoute({
    api: "customer",
    method: "POST",
    path: "/api/v1/account/password",
    tag: "Account",
    summary: "Change your password",
    description: [
      "Replaces your password once `currentPassword` proves it is you, and ends every other browser session of yours: this one stays signed in. API tokens keep working; they are not sessions.",
      "The new password keeps the rules of every password (12 characters at least, not your email address) and must differ from the current one; otherwise `weak_password`, whose `details.fields` says why in the set-password form's words.",
      "A wrong `currentPassword` answers `wrong_password`, and wrong passwords are counted per account as failed sign-ins are: after 5 within 15 minutes, changes are refused for 15 minutes (`rate_limited`, with `Retry-After` and `details.retryAfterSeconds`), even with the right password.",
      "Only the dashboard's own session may change the password: an API token is refused (`forbidden`).",
    ].join("\n\n"),
    sessionOnly: true,
    rateLimited: true,
    body: changePasswordBody,
    responses: { 200: changePasswordResponse },
    errors: ["wrong_password", "weak_password"],
  }),
  setLocale: defineRoute({
    api: "customer",
    method: "PUT",
    path: "/api/v1/account/locale",
    tag: "Account",
    summary: "Choose the dashboard's language",
    description: [
      "Saves the language the dashboard speaks to you on every browser you sign in from: English (`en`), Italian (`it`) or German (`de`). Until you choose, your browser's `Accept-Language` decides, and English when it names none of these.",
      "The API itself answers in English whatever you choose: error bodies carry stable `code`s, which the dashboard translates.",
      "Only the dashboard's own session may choose it: an API token is refused (`forbidden`).",
    ].join("\n\n"),
    sessionOnly: true,
    body: setLocaleBody,
    responses: { 200: setLocaleResponse },
    errors: [],
  }),
  listSessions: defineRoute({
    api: "customer",
    method: "GET",
    path: "/api/v1/sessions",
    tag: "Account",
    summary: "Your sessions",
    description: "Every browser signed in to your account that still counts, with what it is and where it signed in from. Only the dashboard's own session may list them: an API token is refused (`forbidden`).",
    sessionOnly: true,
    responses: { 200: sessionListResponse },
    errors: [],
  }),
  endSession: defineRoute({
    api: "customer",
    method: "DELETE",
    path: "/api/v1/sessions/{id}",
    tag: "Account",
    summary: "Sign out one session",
    description:
      "Ends one of your sessions at once: its cookie no longer counts anywhere. Ending this session itself signs you out. A session that is not yours, has ended or never was answers `session_not_found`. Only the dashboard's own session may end one: an API token is refused (`forbidden`).",
    sessionOnly: true,
    params: sessionPath,
    notFound: "session_not_found",
    responses: { 200: endSessionResponse },
    errors: ["session_not_found"],
  }),
  getActivity: defineRoute({
    api: "customer",
    method: "GET",
    path: "/api/v1/servers/{id}/activity",
    tag: "Servers",
    summary: "A server's activity",
    description: [
      "What happened to the server, newest first: your settings changes, its actions and how each ended, what its host was seen running, and what support did to it. Each event has a stable `kind` with fields of its own; show them in your own words.",
      "A page at a time: send a page's `nextCursor` as `cursor` for the events before it, until `nextCursor` is null. Events recorded meanwhile never shift a page. A server moved to your account shows what happened since.",
    ].join("\n\n"),
    ...serverRoute,
    query: activityQuery,
    responses: { 200: activityResponse },
    errors: ["server_not_found"],
  }),
} as const;
