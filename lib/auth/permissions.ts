import { DomainError } from "@/lib/errors/domain-error.ts";
import type { Actor } from "./actor.ts";

// Who may do what. Customers reach only their own servers; operators manage hosts through the
// provider API, not by acting as customers, so they get no special access here.

export type OwnedResource = { ownerId: string };

/**
 * Also asked in SQL by the statements every poll runs (lib/metrics/memory-series.ts,
 * lib/servers/server-view-rows.ts): change them together.
 */
export function canViewServer(actor: Actor, server: OwnedResource): boolean {
  return server.ownerId === actor.userId;
}

export function canManageServer(actor: Actor, server: OwnedResource): boolean {
  return server.ownerId === actor.userId;
}

/**
 * The account's password, sessions and API tokens are managed from the dashboard, signed in: never
 * with an API token, so a leaked token cannot lock its owner out, take the account over or make more
 * tokens.
 */
export function canManageAccount(actor: Actor): actor is Actor & { via: "session"; sessionId: string } {
  return actor.via === "session" && typeof actor.sessionId === "string";
}

/** An operator's token reaches the admin API: those are made on the command line, never from a browser. */
export function canCreateApiToken(actor: Actor): boolean {
  return canManageAccount(actor) && actor.role === "customer";
}

export const accountNotForTokens = () =>
  new DomainError("forbidden", "Only the dashboard, signed in, can do this: an API token may not change the password, manage the account's sessions or make and revoke API tokens.");
