import { setTimeout as sleep } from "node:timers/promises";
import type { CompleteBody, ProgressBody } from "@/lib/contracts/provider.ts";
import { isLeaseLost, isTransientProviderError, type ProviderApi } from "./provider-client.ts";
import { combinedSignal } from "./signals.ts";

// An agent's hold on one running action. Every report renews it; between reports a heartbeat does,
// one at a time (the next waits for the last to end). Calls the dashboard cannot answer now are
// retried with backoff for as long as the lease still holds, so an outage of the dashboard or its
// database never reads as a failure on the host. The moment the lease is lost (another agent took
// the action: 409) or would lapse unrenewed, `signal` aborts: host work in progress stops waiting,
// and nothing more is done to the action by this agent.

export class LeaseLost extends Error {
  constructor(readonly why: "taken_over" | "lapsed" | "refused", detail: string) {
    super(`The lease on the action is gone (${why}): ${detail}`);
    this.name = "LeaseLost";
  }
}

export type LeaseOptions = {
  /** Between heartbeats; a quarter of the lease unless given. */
  heartbeatMs?: number;
  /** The first delay before asking again after a failed call; it doubles, with jitter, up to maxRetryMs. */
  firstRetryMs?: number;
  maxRetryMs?: number;
};

type Held = { id: string; lease: { id: string; ttlMs: number } };

export class ActionLease {
  private readonly lost = new AbortController();
  private readonly ended = new AbortController();
  private readonly ttlMs: number;
  private readonly marginMs: number;
  private readonly heartbeatMs: number;
  private readonly firstRetryMs: number;
  private readonly maxRetryMs: number;
  /** Local time by which the lease must have been renewed; conservative, so no clock is shared with the dashboard. */
  private deadline: number;
  private watchdog: NodeJS.Timeout | undefined;
  private heartbeat: Promise<void> | undefined;

  /** Aborts (with a LeaseLost reason) when this agent no longer holds the action. */
  readonly signal: AbortSignal = this.lost.signal;

  constructor(
    private readonly action: Held,
    private readonly client: ProviderApi,
    options: LeaseOptions = {},
  ) {
    this.ttlMs = action.lease.ttlMs;
    // Stop a little short of the dashboard's deadline: it was set when the claim committed, a moment before its answer arrived.
    this.marginMs = Math.max(100, this.ttlMs / 20);
    // Four heartbeats a lease: a slow answer or two does not let it lapse.
    this.heartbeatMs = options.heartbeatMs ?? Math.max(100, this.ttlMs / 4);
    this.firstRetryMs = options.firstRetryMs ?? Math.min(250, this.ttlMs / 12);
    this.maxRetryMs = options.maxRetryMs ?? Math.max(this.firstRetryMs, this.ttlMs / 6);
    // The claim was committed a moment before its answer arrived: count the lease from now, less the margin.
    this.deadline = Date.now() + this.ttlMs - this.marginMs;
    this.armWatchdog();
  }

  get held(): boolean {
    return !this.signal.aborted;
  }

  /** Starts the heartbeat; call stop() when the action is done with. */
  start(): void {
    this.heartbeat ??= this.beat();
  }

  async stop(): Promise<void> {
    this.ended.abort();
    clearTimeout(this.watchdog);
    await this.heartbeat;
  }

  /** A progress report; renews the lease. Throws LeaseLost once the lease is gone. */
  report(body: Omit<ProgressBody, "lease">): Promise<void> {
    return this.call(() => this.client.progress(this.action.id, { lease: this.action.lease.id, ...body }));
  }

  /** Makes sure the lease still holds before doing something that must not clash with another agent. */
  confirm(): Promise<void> {
    return this.report({});
  }

  complete(body: Omit<CompleteBody, "lease">): Promise<void> {
    return this.call(() => this.client.complete(this.action.id, { lease: this.action.lease.id, ...body }));
  }

  private async call(send: () => Promise<void>): Promise<void> {
    // Even while heartbeats get through, one report is not asked for longer than a lease: past that,
    // this agent lets the lease lapse and the next attempt carries on from what was recorded.
    const giveUpAt = Date.now() + this.ttlMs - this.marginMs;
    for (let attempt = 0; ; attempt++) {
      this.signal.throwIfAborted();
      const sentAt = Date.now();
      try {
        await send();
        this.renewed(sentAt);
        return;
      } catch (error) {
        if (isLeaseLost(error)) throw this.lose("taken_over", messageOf(error));
        if (!isTransientProviderError(error)) throw error;
        const delay = Math.min(this.maxRetryMs, this.firstRetryMs * 2 ** attempt) * (0.75 + Math.random() / 2);
        if (Date.now() + delay >= Math.min(this.deadline, giveUpAt)) {
          throw this.lose("lapsed", `the dashboard did not take a report before the lease ran out (${messageOf(error)})`);
        }
        try {
          await sleep(delay, undefined, { signal: this.signal });
        } catch {
          this.signal.throwIfAborted();
        }
      }
    }
  }

  /** The dashboard renewed the lease on receiving a call sent at `sentAt`: it holds at least ttl from then. */
  private renewed(sentAt: number): void {
    if (!this.held) return;
    this.deadline = Math.max(this.deadline, sentAt + this.ttlMs - this.marginMs);
    this.armWatchdog();
  }

  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    if (this.ended.signal.aborted) return;
    this.watchdog = setTimeout(() => this.lose("lapsed", "no report reached the dashboard in time"), Math.max(0, this.deadline - Date.now()));
  }

  private lose(why: LeaseLost["why"], detail: string): LeaseLost {
    if (!this.signal.aborted) this.lost.abort(new LeaseLost(why, detail));
    clearTimeout(this.watchdog);
    return this.signal.reason instanceof LeaseLost ? this.signal.reason : new LeaseLost(why, detail);
  }

  /** One heartbeat at a time: the next is due a heartbeat interval after the last one ended. */
  private async beat(): Promise<void> {
    const stop = combinedSignal([this.ended.signal, this.signal]);
    try {
      while (!stop.signal.aborted) {
        await sleep(this.heartbeatMs, undefined, { signal: stop.signal });
        await this.confirm();
      }
    } catch (error) {
      // The dashboard refused the heartbeat outright (the action is gone): this agent must stop.
      if (!stop.signal.aborted) this.lose("refused", messageOf(error));
    } finally {
      stop.clear();
    }
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
