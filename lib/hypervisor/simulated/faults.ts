import { HypervisorError, type HypervisorErrorKind } from "../errors.ts";
import type { FaultOperation, SimulatedState, StoredFault } from "./state-schema.ts";

// Failures injected into a simulated host, stored in its state file so that a test (or an operator
// rehearsing an outage) can make the app's host agent fail from another process.

export type InjectedFault = {
  operation: FaultOperation;
  /** Only calls on this domain (or volume) fail; host-wide operations (listDomains, memoryStats, listVolumes) take none. */
  domain?: string;
  kind: HypervisorErrorKind;
  /** libvirt-like wording by default. */
  message?: string;
  /** How many calls fail before the operation works again; 1 unless given. */
  times?: number;
};

const HOST_WIDE: readonly FaultOperation[] = ["listDomains", "memoryStats", "listVolumes"];

export function storedFault({ operation, domain, kind, message, times = 1 }: InjectedFault): StoredFault {
  if (!Number.isInteger(times) || times < 1) {
    throw new HypervisorError("invalid_argument", `A fault must fire a whole number of times, at least once (got ${times})`);
  }
  if (domain !== undefined && HOST_WIDE.includes(operation)) {
    throw new HypervisorError("invalid_argument", `${operation} covers the whole host; a fault on it cannot name a domain`);
  }
  return { operation, kind, remaining: times, ...(domain === undefined ? {} : { domain }), ...(message === undefined ? {} : { message }) };
}

const matches = (fault: StoredFault, operation: FaultOperation, domain: string | undefined) =>
  fault.operation === operation && (fault.domain === undefined || fault.domain === domain);

export const hasFault = (state: SimulatedState, operation: FaultOperation, domain?: string) =>
  state.faults.some((fault) => matches(fault, operation, domain));

/** Uses up one firing of the first matching fault and returns the error it throws, if any matched. */
export function consumeFault(state: SimulatedState, operation: FaultOperation, domain?: string): HypervisorError | undefined {
  const index = state.faults.findIndex((fault) => matches(fault, operation, domain));
  const fault = state.faults[index];
  if (!fault) return undefined;
  if (fault.remaining > 1) state.faults[index] = { ...fault, remaining: fault.remaining - 1 };
  else state.faults.splice(index, 1);
  return new HypervisorError(fault.kind, fault.message ?? defaultMessage(fault.kind, domain), "injected fault");
}

function defaultMessage(kind: HypervisorErrorKind, domain: string | undefined): string {
  switch (kind) {
    case "not_found":
      return `Domain not found: no domain with matching name '${domain ?? ""}'`;
    case "unreachable":
      return "Cannot recv data: Connection reset by peer";
    case "timeout":
      return "Timed out during operation: cannot acquire state change lock";
    case "invalid_argument":
      return "invalid argument: injected fault";
    case "operation_failed":
      return "operation failed: injected fault";
  }
}
