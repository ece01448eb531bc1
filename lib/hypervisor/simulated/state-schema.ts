import { z } from "zod";
import type { HypervisorErrorKind } from "../errors.ts";
import type { PowerRecord } from "./power.ts";

// The shape of a simulated host's state file, checked on every read: the file is shared with other
// processes (the host agent, a test injecting a fault) and may be edited by hand.

export const FAULT_OPERATIONS = [
  "define",
  "undefine",
  "start",
  "shutdown",
  "destroy",
  "domainXml",
  "domainState",
  "memoryStats",
  "listDomains",
  "nodeInfo",
  "listVolumes",
  "volumeInfo",
  "createVolume",
  "uploadVolume",
  "deleteVolume",
  "ejectMedia",
] as const;

export type FaultOperation = (typeof FAULT_OPERATIONS)[number];

const ERROR_KINDS = ["not_found", "unreachable", "operation_failed", "invalid_argument", "timeout"] as const satisfies readonly HypervisorErrorKind[];

const timestamp = z.number().finite();

const powerSchema: z.ZodType<PowerRecord> = z.discriminatedUnion("state", [
  z.object({ state: z.literal("shutoff") }),
  z.object({ state: z.literal("running"), startedAtMs: timestamp, bootedAtMs: timestamp }),
  z.object({ state: z.literal("shutting_down"), startedAtMs: timestamp, bootedAtMs: timestamp, shutoffAtMs: timestamp }),
]);

const domainSchema = z.object({
  name: z.string().min(1),
  uuid: z.string(),
  persistentXml: z.string(),
  /** The definition the domain was started with; null while it is shut off. */
  liveXml: z.string().nullable(),
  power: powerSchema,
  /** A guest with no OS (or a hung one) never reacts to the ACPI power button. */
  ignoresAcpi: z.boolean(),
  /** Cold starts so far: how an operator (or a test) tells one restart from two. */
  starts: z.number().int().nonnegative().default(0),
});

const faultSchema = z.object({
  operation: z.enum(FAULT_OPERATIONS),
  domain: z.string().optional(),
  kind: z.enum(ERROR_KINDS),
  message: z.string().optional(),
  /** How many more calls fail; the fault is removed when it reaches 0. */
  remaining: z.number().int().positive(),
});

/** A volume is a record: the simulated host keeps no bytes (a seed's secrets included). */
const volumeSchema = z.object({
  name: z.string().min(1),
  capacityBytes: z.number().int().nonnegative(),
  format: z.string().nullable(),
  backingPath: z.string().nullable(),
});

const poolSchema = z.object({
  /** The pool's folder on the node: a volume's path and key are `<path>/<name>`. */
  path: z.string().min(1),
  volumes: z.array(volumeSchema),
});

export const stateSchema = z.object({
  version: z.literal(1),
  domains: z.array(domainSchema),
  faults: z.array(faultSchema),
  /** Absent from files written before hosts had storage: such a host has its initial pools. */
  pools: z.record(z.string(), poolSchema).optional(),
});

export type SimulatedState = z.infer<typeof stateSchema>;
export type StoredDomain = z.infer<typeof domainSchema>;
export type StoredFault = z.infer<typeof faultSchema>;
export type StoredPool = z.infer<typeof poolSchema>;
export type StoredVolume = z.infer<typeof volumeSchema>;

export const emptyState = (): SimulatedState => ({ version: 1, domains: [], faults: [] });
