import * as z from "zod/mini";
import { ALL_STEP_NAMES, COMMANDS, type CommandName, type StepName } from "@/lib/actions/commands/index.ts";
import type { CommandDefinition } from "@/lib/actions/commands/define-command.ts";
import { StepStatus, Virtualization } from "@/lib/db/generated/enums.ts";
import type { DomainState } from "@/lib/hypervisor/types.ts";
import { RAW_RETENTION_MS } from "@/lib/metrics/retention.ts";
import { actionSchema } from "./actions.ts";

// The provider API: what host agents send and are answered. `lease` is the id a claim hands out:
// progress and completion carry it, so a lost agent's late reports cannot touch an action another
// agent resumed. The host agent parses the answers with these same schemas.

export const claimBody = z.strictObject({
  max: z.optional(z.int().check(z.minimum(1), z.maximum(50), z.describe("At most this many actions (default 1)."))),
  waitMs: z.optional(
    z.int().check(z.minimum(0), z.maximum(30_000), z.describe("Long poll: wait up to this long for work before answering with none (default 0).")),
  ),
});

export type ClaimBody = z.infer<typeof claimBody>;

const DOMAIN_STATES = ["running", "shutoff", "shutting_down", "paused", "crashed", "other"] as const satisfies readonly DomainState[];
const domainState = z.enum(DOMAIN_STATES);
const balloon = z.nullable(z.enum(["virtio", "none"]));

/** Agents' clocks drift: a time ahead of the dashboard's by more than this is refused. */
const CLOCK_TOLERANCE_MS = 60_000;

/** A moment an agent reports: not more than a minute ahead of the dashboard's clock, nor older than `oldestMs`. */
function agentTime(oldestMs: number, older: string) {
  return z.iso
    .datetime({ offset: true })
    .check(
      z.refine((value) => Date.parse(value) <= Date.now() + CLOCK_TOLERANCE_MS, "must not be more than a minute in the future (check the agent's clock)"),
      z.refine((value) => Date.parse(value) >= Date.now() - oldestMs, older),
    );
}

// An observation describes the present: a day-old one is a stuck agent or a wrong clock.
const observedTime = agentTime(24 * 60 * 60_000, "must not be more than a day old");

const observationFields = {
  state: domainState,
  balloon: balloon.check(z.describe("The running domain's balloon (live XML); null for LXC or when unknown.")),
  pendingBalloon: z.optional(balloon.check(z.describe("The persistent definition's balloon, which the next cold restart brings."))),
  at: z.optional(observedTime.check(z.describe("When the agent saw the power state; when it arrived if not given."))),
  definitionsAt: z.optional(observedTime.check(z.describe("When the agent read the definitions the balloons come from; `at` if not given."))),
};

export const observationSchema = z.strictObject(observationFields);

/** What a host agent saw of one domain: its power state and the balloon of its live and persistent XML. */
export type Observation = z.infer<typeof observationSchema>;

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// zod's own z.json() is anonymous in the OpenAPI document; this one has a name.
const jsonValue: z.ZodMiniType<JsonValue> = z
  .lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]))
  .check(z.meta({ id: "JsonValue" }));

/** A step's record (the definition it replaced, say): small JSON, kept for a later attempt or an undo. */
export const stepDataSchema = z
  .record(z.string().check(z.maxLength(64)), jsonValue)
  .check(
    z.refine((data) => JSON.stringify(data).length <= 256 * 1024, "A step's data must stay under 256 KiB"),
    z.meta({ id: "StepData", description: "What a step records before it acts (the definition it replaces, say): a JSON object under 256 KiB." }),
  );

export type StepData = z.infer<typeof stepDataSchema>;

export const progressBody = z.strictObject({
  lease: z.string().check(z.minLength(1)),
  step: z.optional(z.enum(ALL_STEP_NAMES)),
  status: z.optional(z.enum(["running", "done", "skipped", "error"])),
  progress: z.optional(z.int().check(z.minimum(0), z.maximum(100))),
  data: z.optional(stepDataSchema),
});

export type ProgressBody = z.infer<typeof progressBody>;

export const actionFailureSchema = z.strictObject({
  code: z.string().check(z.minLength(1), z.maxLength(64), z.describe("Stable, for programs and the UI's own wording (`rolled_back`).")),
  message: z.string().check(z.minLength(1), z.maxLength(2000), z.describe("Plain words for the customer.")),
  detail: z.optional(z.string().check(z.maxLength(8000), z.describe("The host's own message (libvirt's), kept for operators, never shown to customers."))),
});

export type ActionFailure = z.infer<typeof actionFailureSchema>;

export const completeBody = z.strictObject({
  lease: z.string().check(z.minLength(1)),
  status: z.enum(["success", "error"]),
  error: z.optional(actionFailureSchema),
  observed: z.optional(observationSchema.check(z.describe("The domain as the agent left it, so the server shows the truth at once."))),
});

export type CompleteBody = z.infer<typeof completeBody>;

const kib = z.number().check(z.minimum(0), z.maximum(2 ** 50));

export const memoryReadingSchema = z.strictObject({
  at: z.optional(agentTime(RAW_RETENTION_MS, "must not be older than the raw samples are kept (24 hours)")),
  source: z.enum(["guest", "host"]),
  totalKiB: kib,
  balloonKiB: z.nullable(kib),
  usedKiB: z.nullable(kib),
  availableKiB: z.nullable(kib),
  cacheKiB: z.nullable(kib),
  rssKiB: z.nullable(kib),
});

export type MemoryReading = z.infer<typeof memoryReadingSchema>;

/** The sizes a domain is defined with: what an operator's import makes its plan. */
export const domainDefinitionSchema = z.strictObject({
  memoryKiB: z.nullable(kib).check(z.describe("`<memory>` of the persistent definition.")),
  vcpus: z.nullable(z.int().check(z.minimum(1), z.maximum(4096))).check(z.describe("`<vcpu>` of the persistent definition.")),
  diskGiB: z.optional(
    z.nullable(z.int().check(z.minimum(1), z.maximum(65_536))).check(z.describe("The size of the definition's first disk, whole GiB; null when it has none or it could not be read. Older agents leave it out.")),
  ),
});

export const domainReportSchema = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(128), z.describe("The libvirt domain's name.")),
  virtualization: z.enum(["kvm", "lxc", "other"]),
  memory: z.nullable(memoryReadingSchema),
  definition: z.optional(domainDefinitionSchema),
  ...observationFields,
});

export type DomainReport = z.infer<typeof domainReportSchema>;

/** The node an agent runs on. Physical memory is what guaranteed memory is admitted against. */
export const nodeReportSchema = z.strictObject({
  memoryKiB: kib.check(z.positive(), z.describe("The node's physical memory (libvirt's nodeinfo).")),
  cpus: z.int().check(z.minimum(1), z.maximum(65_536)),
  agentVersion: z.string().check(z.minLength(1), z.maxLength(64), z.describe("The reporting agent's version.")),
});

export type NodeReport = z.infer<typeof nodeReportSchema>;

export const reportBody = z.strictObject({
  domains: z.array(domainReportSchema).check(z.maxLength(5_000)),
  node: z.optional(nodeReportSchema.check(z.describe("Sent by every agent of this version; older agents leave it out."))),
  imageVolumes: z.optional(
    z
      .array(z.string().check(z.minLength(1), z.maxLength(255)))
      .check(
        z.maxLength(1_000),
        z.describe("The catalogue's base volumes present in the agent's image pool. Left out when the pool could not be read, and by older agents."),
      ),
  ),
});

/** An agent's periodic report. (Not `ReportBody`: the DOM library has a type of that name.) */
export type AgentReport = z.infer<typeof reportBody>;

export const reportResponse = z.object({
  recorded: z.int().check(z.describe("Domains matched to a server and recorded.")),
  ignored: z.int().check(z.describe("Domains no server is known by, or observations older than what is recorded.")),
});

export const progressResponse = z.object({ ok: z.literal(true) });

export const completeResponse = z.object({ action: actionSchema });

/** The `{id}` of /actions/{id}/… in the provider API. */
export const providerActionPath = z.object({ id: z.uuid().check(z.describe("The action's id, from the claim.")) });

/** An action as a claim hands it to an agent: its params, its steps and what earlier attempts recorded. */
function claimedActionOf<const Name extends CommandName, const Steps extends readonly [string, ...string[]], Params extends z.ZodMiniType>(
  command: CommandDefinition<Name, Steps, Params>,
) {
  return z.object({
    id: z.uuid(),
    command: z.literal(command.name),
    params: command.params,
    attempt: z.int().check(z.positive(), z.describe("1 for a first claim; higher when an earlier agent's lease lapsed.")),
    lease: z.object({
      id: z.string(),
      expiresAt: z.iso.datetime({ offset: true }),
      ttlMs: z.int().check(z.describe("Report progress (or a heartbeat) well within this, or another agent may take the action over.")),
    }),
    server: z.object({
      id: z.uuid(),
      name: z.string(),
      domainName: z.string(),
      virtualization: z.enum(Virtualization),
      memoryMiB: z.int(),
      vcpus: z.int(),
      image: z.string(),
    }),
    desired: z.object({
      ballooning: z.boolean().check(z.describe("The customer's choice as it is now: an apply_settings action applies it when it runs.")),
    }),
    steps: z.array(
      z.object({
        name: z.enum(command.steps),
        status: z.enum(StepStatus),
        data: z.nullable(stepDataSchema).check(z.describe("What the step recorded in an earlier attempt.")),
      }),
    ),
  });
}

export const claimedActionSchema = z
  .discriminatedUnion("command", [claimedActionOf(COMMANDS.apply_settings), claimedActionOf(COMMANDS.restart), claimedActionOf(COMMANDS.reinstall)])
  .check(z.meta({ id: "ClaimedAction" }));

export type ClaimedAction = z.infer<typeof claimedActionSchema>;
export type ClaimedActionOf<C extends CommandName> = Extract<ClaimedAction, { command: C }>;
/** One of a claimed action's steps; generic over the command, for the agent's step runner. */
export type ClaimedStep<C extends CommandName = CommandName> = Omit<ClaimedAction["steps"][number], "name"> & { name: StepName<C> };

export const claimResponse = z.object({ actions: z.array(claimedActionSchema) });
