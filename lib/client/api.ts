// Browser-side calls to the customer API (API.md). Safe to import from client components: only
// types come from lib/, nothing server-only. Every failure becomes an ApiRequestError whose message
// can be shown to the customer as it is.
import type { ActionView } from "@/lib/actions/action-view";
import type { ServerView } from "@/lib/servers/server-view";

export type { ActionView, ServerView };

export type RestartMode = "graceful" | "force";

/** A failed API call: the API's error code, its message in plain words, and any details it sent. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

// Where the API's own wording is written for API clients, not for someone in the dashboard.
const MESSAGE_FOR_CODE: Record<string, string> = {
  unauthorized: "Your session has ended. Sign in again to continue.",
  forbidden: "The dashboard refused this request. Reload the page and try again.",
};

const MESSAGE_FOR_STATUS = (status: number) =>
  status >= 500
    ? "The dashboard is not answering properly right now. Nothing was changed; please try again in a moment."
    : "The request could not be completed. Reload the page and try again.";

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== "object" || body === null || !("error" in body)) return false;
  const { error } = body;
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" && "message" in error && typeof error.message === "string";
}

/** One call to the dashboard's API: its answer, or an ApiRequestError in plain words. */
export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json", ...(init.body ? { "Content-Type": "application/json" } : {}), ...init.headers },
    });
  } catch {
    throw new ApiRequestError("The dashboard could not be reached. Check your connection and try again.", "network", 0);
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && body !== null) return body as T; // The shapes are the API's own types (API.md).
  if (isErrorBody(body)) {
    const { code, message, details } = body.error;
    throw new ApiRequestError(MESSAGE_FOR_CODE[code] ?? message, code, response.status, details);
  }
  throw new ApiRequestError(MESSAGE_FOR_STATUS(response.status), "unexpected_response", response.status);
}

/** For TanStack Query: a 4xx answer will not change by asking again; anything else (network, 5xx) gets two more tries. */
export function retryUnlessClientError(failureCount: number, error: Error): boolean {
  if (error instanceof ApiRequestError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

const json = (method: string, data: unknown): RequestInit => ({ method, body: JSON.stringify(data) });
const serverPath = (serverId: string) => `/api/v1/servers/${encodeURIComponent(serverId)}`;

export async function fetchServer(serverId: string): Promise<ServerView> {
  return (await request<{ server: ServerView }>(serverPath(serverId))).server;
}

/** The server's actions, newest first. */
export async function fetchServerActions(serverId: string): Promise<ActionView[]> {
  return (await request<{ actions: ActionView[] }>(`${serverPath(serverId)}/actions`)).actions;
}

export async function fetchAction(actionId: string): Promise<ActionView> {
  return (await request<{ action: ActionView }>(`/api/v1/actions/${encodeURIComponent(actionId)}`)).action;
}

/** `enabled` is ballooning ON. "now" answers with the restart's action; "later" (or no change) with null. */
export function putBallooning(
  serverId: string,
  body: { enabled: boolean; restart: "now" | "later" },
): Promise<{ server: ServerView; action: ActionView | null }> {
  return request(`${serverPath(serverId)}/settings/ballooning`, json("PUT", body));
}

export async function postRestart(serverId: string, mode: RestartMode): Promise<ActionView> {
  return (await request<{ action: ActionView }>(`${serverPath(serverId)}/actions/restart`, json("POST", { mode }))).action;
}

/** Erases the LXC server and recreates it on KVM with `image`; `confirmName` must be the server's name exactly. */
export async function postReinstall(serverId: string, body: { image: string; confirmName: string }): Promise<ActionView> {
  return (await request<{ action: ActionView }>(`${serverPath(serverId)}/actions/reinstall`, json("POST", body))).action;
}

export function isActionActive(action: Pick<ActionView, "status"> | null | undefined): boolean {
  return action?.status === "queued" || action?.status === "running";
}
