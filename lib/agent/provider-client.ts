import http from "node:http";
import https from "node:https";
import * as z from "zod/mini";
import { errorBodySchema } from "@/lib/contracts/errors.ts";
import type { AgentReport, ClaimedAction, CompleteBody, ProgressBody } from "@/lib/contracts/provider.ts";
import { providerRoutes } from "@/lib/contracts/provider-routes.ts";
import type { RouteBodyInput } from "@/lib/contracts/route-contract.ts";
import { combinedSignal } from "./signals.ts";

// The host agent's side of the provider API: plain HTTP with the host's token, a time-out on every
// call, answers parsed by the same contract the dashboard answers by (lib/contracts), and errors
// that say which call failed, how, and whether asking again may help.

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

/** What the agent needs of the dashboard; tests give the runner fakes of it. */
export interface ProviderApi {
  claim(options: { max?: number; waitMs?: number }): Promise<ClaimedAction[]>;
  progress(actionId: string, body: ProgressBody): Promise<void>;
  complete(actionId: string, body: CompleteBody): Promise<void>;
  report(body: AgentReport): Promise<{ recorded: number; ignored: number }>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

type ProviderRoute = (typeof providerRoutes)[keyof typeof providerRoutes];

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

  /** One call; its answer's body when it succeeded, still to be parsed by the route's contract. */
  private async post<R extends ProviderRoute>(
    route: R,
    { actionId, body, extraMs = 0 }: { actionId?: string; body: RouteBodyInput<R>; extraMs?: number },
  ): Promise<unknown> {
    const path = actionId === undefined ? route.path : route.path.replace("{id}", encodeURIComponent(actionId));
    // The time-out covers the whole answer, its body included.
    const deadline = combinedSignal([this.options.stop], (this.options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) + extraMs);
    let response: Answer;
    let payload: unknown;
    try {
      try {
        response = await send(new URL(path, this.baseUrl), {
          method: route.method,
          headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: deadline.signal,
        });
      } catch (error) {
        throw new ProviderError(0, "unreachable", `${path}: the dashboard at ${this.baseUrl} did not answer: ${messageOf(error)}`);
      }
      try {
        payload = JSON.parse(await response.text());
      } catch (error) {
        // A body cut off by the time-out is no answer either; a non-JSON error page keeps its status.
        if (response.ok) throw new ProviderError(0, "unreachable", `${path}: the answer did not arrive whole: ${messageOf(error)}`);
        payload = null;
      }
    } finally {
      deadline.clear();
    }
    if (!response.ok) {
      const error = z.safeParse(errorBodySchema, payload).data?.error;
      throw new ProviderError(response.status, error?.code ?? "http_error", `${path}: ${error?.message ?? response.statusText}`);
    }
    return payload;
  }

  async claim({ max = 1, waitMs = 0 }: { max?: number; waitMs?: number } = {}): Promise<ClaimedAction[]> {
    const route = providerRoutes.claimActions;
    return answerOf(route.responses[200], await this.post(route, { body: { max, waitMs }, extraMs: waitMs }), route.path).actions;
  }

  async progress(actionId: string, body: ProgressBody): Promise<void> {
    const route = providerRoutes.reportProgress;
    answerOf(route.responses[200], await this.post(route, { actionId, body }), route.path);
  }

  async complete(actionId: string, body: CompleteBody): Promise<void> {
    const route = providerRoutes.completeAction;
    answerOf(route.responses[200], await this.post(route, { actionId, body }), route.path);
  }

  async report(body: AgentReport) {
    const route = providerRoutes.report;
    return answerOf(route.responses[200], await this.post(route, { body }), route.path);
  }
}

type Answer = { ok: boolean; status: number; statusText: string; text: () => Promise<string> };

/**
 * One request with Node's own HTTP client, answered as `fetch` would be: once the headers are in,
 * the body to follow. Not `fetch` itself: its first use loads undici and compiles its WebAssembly
 * HTTP parser, which costs an agent that makes a call every few seconds about 11 MiB of resident
 * memory for the node's whole uptime (benchmarks/agent-memory.ts).
 */
function send(url: URL, { method, headers, body, signal }: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // An abort says why (the time-out, or the agent stopping) in the signal's reason.
    const failed = (error: unknown) => reject(signal.aborted ? signal.reason : error);
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(url, { method, headers: { ...headers, "content-length": Buffer.byteLength(body) }, signal }, (response) => {
      const text = new Promise<string>((done, cutOff) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
        response.on("error", (error) => cutOff(signal.aborted ? signal.reason : error));
        response.on("close", () => cutOff(signal.aborted ? signal.reason : new Error("the connection closed before the answer ended")));
      });
      text.catch(() => undefined); // read or not, a cut-off body is no unhandled rejection
      const status = response.statusCode ?? 0;
      resolve({ ok: status >= 200 && status < 300, status, statusText: response.statusMessage ?? "", text: () => text });
    });
    request.on("error", failed);
    request.end(body);
  });
}

/**
 * A success answer, parsed by the route's contract. An answer the contract does not describe comes
 * from a dashboard this agent does not understand (another version): not something to retry.
 */
function answerOf<S extends z.ZodMiniType>(schema: S, payload: unknown, path: string): z.output<S> {
  const parsed = z.safeParse(schema, payload);
  if (!parsed.success) throw new ProviderError(200, "unexpected_response", `${path}: the answer does not match the provider API this agent speaks`);
  return parsed.data;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
