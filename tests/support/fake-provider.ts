import { randomUUID } from "node:crypto";
import type { ClaimedAction } from "@/lib/contracts/provider.ts";
import { stepsOf, type CommandName, type CommandParams } from "@/lib/actions/commands/index.ts";
import type { Prisma } from "@/lib/db/client.ts";
import type { StepStatus } from "@/lib/db/generated/enums.ts";
import type { CompleteBody, ProgressBody } from "@/lib/contracts/provider.ts";
import { ProviderError, type ProviderApi } from "@/lib/agent/provider-client.ts";

// The dashboard's side of one action, in memory, for tests of the agent's step runner: it keeps the
// steps' statuses and records as the provider API would, refuses reports once the lease is taken
// over (409), and fails chosen calls the way a network or a database outage does.

export type Call = { kind: "progress"; body: ProgressBody } | { kind: "complete"; body: CompleteBody };

type Fault = { matches: (call: Call) => boolean; error: () => Error; times: number; afterApplying: boolean };
type Hook = { matches: (call: Call) => boolean; effect: () => Promise<void> | void; once: boolean };

export const unavailable = () => new ProviderError(503, "unavailable", "The service is temporarily unavailable");
export const noAnswer = () => new ProviderError(0, "unreachable", "The dashboard did not answer: The operation was aborted due to timeout");

export class FakeProvider implements ProviderApi {
  readonly calls: Call[] = [];
  readonly completions: CompleteBody[] = [];
  private readonly steps = new Map<string, { status: StepStatus; data: Prisma.JsonObject | null }>();
  private readonly faults: Fault[] = [];
  private readonly hooks: Hook[] = [];
  private inFlight = 0;
  private heartbeatsInFlight = 0;
  /** The most calls, and the most heartbeats, that were ever in flight at once. */
  maxInFlight = 0;
  maxHeartbeatsInFlight = 0;
  /** How long each call takes to answer. */
  latencyMs = 0;
  private leaseId: string;
  private attempt: number;

  constructor(private action: ClaimedAction) {
    this.leaseId = action.lease.id;
    this.attempt = action.attempt;
    for (const step of action.steps) this.steps.set(step.name, { status: step.status, data: step.data });
  }

  /**
   * Makes the next `times` calls matching `matches` fail with `error`. `afterApplying`: the call takes
   * effect and only its answer is lost (a time-out after the dashboard committed).
   */
  fail(matches: (call: Call) => boolean, error: () => Error, { times = 1, afterApplying = false } = {}): void {
    this.faults.push({ matches, error, times, afterApplying });
  }

  /** Runs `effect` when a call matching `matches` arrives, before it is answered (once, unless told otherwise). */
  on(matches: (call: Call) => boolean, effect: () => Promise<void> | void, { once = true } = {}): void {
    this.hooks.push({ matches, effect, once });
  }

  /** Another agent claims the action: this lease's reports are refused from now on. */
  takeOver(): void {
    this.leaseId = randomUUID();
  }

  /** The action as the next claim hands it out, with what was recorded so far. */
  reclaim(): ClaimedAction {
    this.leaseId = randomUUID();
    this.attempt += 1;
    const steps = this.action.steps.map((step) => ({ ...step, ...this.steps.get(step.name) }));
    this.action = { ...this.action, attempt: this.attempt, lease: { ...this.action.lease, id: this.leaseId }, steps } as ClaimedAction;
    return this.action;
  }

  stepStatuses(): Record<string, StepStatus> {
    return Object.fromEntries([...this.steps].map(([name, step]) => [name, step.status]));
  }

  recorded(step: string): Prisma.JsonObject | null {
    return this.steps.get(step)?.data ?? null;
  }

  /** Step reports in order, as "step:status" (heartbeats left out). */
  reports(): string[] {
    return this.calls.flatMap((call) => (call.kind === "progress" && call.body.step && !call.body.data ? [`${call.body.step}:${call.body.status ?? "running"}`] : []));
  }

  async claim(): Promise<ClaimedAction[]> {
    return [];
  }

  async report(): Promise<{ recorded: number; ignored: number }> {
    return { recorded: 0, ignored: 0 };
  }

  async progress(_actionId: string, body: ProgressBody): Promise<void> {
    await this.handle({ kind: "progress", body }, () => {
      if (!body.step) return;
      const step = this.steps.get(body.step);
      if (!step) throw new ProviderError(400, "invalid_input", `Unknown step "${body.step}"`);
      step.status = body.status ?? "running";
      if (body.data && step.data === null) step.data = JSON.parse(JSON.stringify(body.data)) as Prisma.JsonObject;
    });
  }

  async complete(_actionId: string, body: CompleteBody): Promise<void> {
    await this.handle({ kind: "complete", body }, () => {
      if (this.completions.length > 0) return; // completing a finished action again changes nothing
      this.completions.push(body);
    });
  }

  private async handle(call: Call, apply: () => void): Promise<void> {
    const beat = heartbeat(call) ? 1 : 0;
    this.inFlight += 1;
    this.heartbeatsInFlight += beat;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.maxHeartbeatsInFlight = Math.max(this.maxHeartbeatsInFlight, this.heartbeatsInFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.latencyMs)); // an answer never comes back within the same tick
      await this.answer(call, apply);
    } finally {
      this.inFlight -= 1;
      this.heartbeatsInFlight -= beat;
    }
  }

  private async answer(call: Call, apply: () => void): Promise<void> {
    this.calls.push(call);
    for (const hook of this.hooks.filter((candidate) => candidate.matches(call))) {
      if (hook.once) this.hooks.splice(this.hooks.indexOf(hook), 1);
      await hook.effect();
    }
    const fault = this.faults.find((candidate) => candidate.times > 0 && candidate.matches(call));
    if (fault) fault.times -= 1;
    if (fault && !fault.afterApplying) throw fault.error();
    if (this.completions.length === 0 && call.body.lease !== this.leaseId) throw new ProviderError(409, "lease_lost", "This agent no longer holds the action's lease");
    apply();
    if (fault) throw fault.error();
  }
}

/** A claimed action as the dashboard would hand it out, for a server whose domain is `domainName`. */
export function claimedAction<C extends CommandName>(
  command: C,
  params: CommandParams<C>,
  { domainName, ballooning = true, ttlMs = 3_000, virtualization = "kvm" }: { domainName: string; ballooning?: boolean; ttlMs?: number; virtualization?: "kvm" | "lxc" },
): ClaimedAction {
  const id = randomUUID();
  return {
    id,
    command,
    params,
    attempt: 1,
    lease: { id: randomUUID(), expiresAt: new Date(Date.now() + ttlMs).toISOString(), ttlMs },
    server: { id: randomUUID(), name: domainName, domainName, virtualization, memoryMiB: 2048, vcpus: 1, image: "debian-12" },
    desired: { ballooning },
    steps: stepsOf(command).map((name) => ({ name, status: "pending" as const, data: null })),
  } as ClaimedAction;
}

/** Matches a step's report: `step:status` ("running" when the report names no status). */
export const stepReport = (step: string, status: string) => (call: Call) =>
  call.kind === "progress" && call.body.step === step && (call.body.status ?? "running") === status && !call.body.data;

export const heartbeat = (call: Call) => call.kind === "progress" && call.body.step === undefined;
export const completion = (status: "success" | "error") => (call: Call) => call.kind === "complete" && call.body.status === status;

/** The step reports a run makes when each step starts and then ends as `outcomes` says, in order. */
export const reportsFor = (outcomes: Record<string, "done" | "skipped">) => Object.entries(outcomes).flatMap(([step, outcome]) => [`${step}:running`, `${step}:${outcome}`]);
