import type { ClaimedAction } from "@/lib/actions/claim-actions.ts";
import type { Observation } from "@/lib/hosts/observation.ts";
import type { DomainReport } from "@/lib/hosts/record-report.ts";

// The host agent's side of the provider API: plain HTTP with the host's token, a time-out on every
// call, and errors that say which call failed and how.

export class ProviderError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

export const isLeaseLost = (error: unknown) => error instanceof ProviderError && error.status === 409;

export class ProviderClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    /** Stops calls in flight (a long poll included) when the agent shuts down. */
    private readonly stop?: AbortSignal,
  ) {}

  private async post<T>(path: string, body: unknown, timeoutMs = 15_000): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method: "POST",
        headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: this.stop ? AbortSignal.any([this.stop, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ProviderError(0, "unreachable", `The dashboard at ${this.baseUrl} did not answer: ${error instanceof Error ? error.message : String(error)}`);
    }
    const payload: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = (payload as { error?: { code?: string; message?: string } } | null)?.error;
      throw new ProviderError(response.status, error?.code ?? "http_error", `${path}: ${error?.message ?? response.statusText}`);
    }
    return payload as T;
  }

  async claim({ max = 1, waitMs = 0 }: { max?: number; waitMs?: number } = {}): Promise<ClaimedAction[]> {
    const { actions } = await this.post<{ actions: ClaimedAction[] }>("/api/provider/v1/actions/claim", { max, waitMs }, waitMs + 15_000);
    return actions;
  }

  async progress(actionId: string, body: { lease: string; step?: string; status?: "running" | "done" | "skipped" | "error"; progress?: number }) {
    await this.post(`/api/provider/v1/actions/${actionId}/progress`, body);
  }

  async complete(
    actionId: string,
    body: { lease: string; status: "success" | "error"; error?: { code: string; message: string }; observed?: Observation },
  ) {
    await this.post(`/api/provider/v1/actions/${actionId}/complete`, body);
  }

  async report(domains: DomainReport[]) {
    return this.post<{ recorded: number; ignored: number }>("/api/provider/v1/report", { domains });
  }
}
