import type { ClaimedAction } from "@/lib/actions/claim-actions.ts";
import type { StepName } from "@/lib/actions/commands/index.ts";
import type { ActionFailure } from "@/lib/actions/complete-action.ts";
import type { Prisma } from "@/lib/db/client.ts";
import type { Observation } from "@/lib/hosts/observation.ts";
import type { DomainReport } from "@/lib/hosts/record-report.ts";
import { combinedSignal } from "./signals.ts";

// The host agent's side of the provider API: plain HTTP with the host's token, a time-out on every
// call, and errors that say which call failed, how, and whether asking again may help.

export class ProviderError extends Error {
  constructor(
    /** The HTTP status, or 0 when no answer came (network error, time-out). */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ProviderError";
  }

  /** The dashboard could not answer now (no answer, an outage, overload): the same call may work later. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** 409: another agent has taken the action over, or it has ended. Nothing this agent does to it counts any more. */
export const isLeaseLost = (error: unknown) => error instanceof ProviderError && error.status === 409;

export const isTransientProviderError = (error: unknown) => error instanceof ProviderError && error.transient;

export type ProgressBody = {
  lease: string;
  step?: StepName;
  status?: "running" | "done" | "skipped" | "error";
  progress?: number;
  data?: Prisma.InputJsonObject;
};

export type CompleteBody = { lease: string; status: "success" | "error"; error?: ActionFailure; observed?: Observation };

/** What the agent needs of the dashboard; tests give the runner fakes of it. */
export interface ProviderApi {
  claim(options: { max?: number; waitMs?: number }): Promise<ClaimedAction[]>;
  progress(actionId: string, body: ProgressBody): Promise<void>;
  complete(actionId: string, body: CompleteBody): Promise<void>;
  report(domains: DomainReport[]): Promise<{ recorded: number; ignored: number }>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export class ProviderClient implements ProviderApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly options: {
      /** Stops calls in flight (a long poll included) when the agent shuts down. */
      stop?: AbortSignal;
      /** How long one call may take before it counts as unanswered. */
      timeoutMs?: number;
    } = {},
  ) {}

  private async post<T>(path: string, body: unknown, extraMs = 0): Promise<T> {
    // The time-out covers the whole answer, its body included.
    const deadline = combinedSignal([this.options.stop], (this.options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) + extraMs);
    let response: Response;
    let payload: unknown;
    try {
      try {
        response = await fetch(new URL(path, this.baseUrl), {
          method: "POST",
          headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: deadline.signal,
        });
      } catch (error) {
        throw new ProviderError(0, "unreachable", `${path}: the dashboard at ${this.baseUrl} did not answer: ${messageOf(error)}`);
      }
      try {
        payload = await response.json();
      } catch (error) {
        // A body cut off by the time-out is no answer either; a non-JSON error page keeps its status.
        if (response.ok) throw new ProviderError(0, "unreachable", `${path}: the answer did not arrive whole: ${messageOf(error)}`);
        payload = null;
      }
    } finally {
      deadline.clear();
    }
    if (!response.ok) {
      const error = errorOf(payload);
      throw new ProviderError(response.status, error?.code ?? "http_error", `${path}: ${error?.message ?? response.statusText}`);
    }
    return payload as T; // the provider API's own answer shapes (API.md)
  }

  async claim({ max = 1, waitMs = 0 }: { max?: number; waitMs?: number } = {}): Promise<ClaimedAction[]> {
    const { actions } = await this.post<{ actions: ClaimedAction[] }>("/api/provider/v1/actions/claim", { max, waitMs }, waitMs);
    return actions;
  }

  async progress(actionId: string, body: ProgressBody): Promise<void> {
    await this.post(`/api/provider/v1/actions/${actionId}/progress`, body);
  }

  async complete(actionId: string, body: CompleteBody): Promise<void> {
    await this.post(`/api/provider/v1/actions/${actionId}/complete`, body);
  }

  async report(domains: DomainReport[]) {
    return this.post<{ recorded: number; ignored: number }>("/api/provider/v1/report", { domains });
  }
}

function errorOf(payload: unknown): { code?: string; message?: string } | undefined {
  if (typeof payload !== "object" || payload === null || !("error" in payload)) return undefined;
  const { error } = payload;
  if (typeof error !== "object" || error === null) return undefined;
  return {
    code: "code" in error && typeof error.code === "string" ? error.code : undefined,
    message: "message" in error && typeof error.message === "string" ? error.message : undefined,
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
