// Failures of a hypervisor, typed so that callers can tell "no such domain" from "host unreachable"
// from "libvirt refused", each carrying libvirt's own message for the operator.

export type HypervisorErrorKind = "not_found" | "unreachable" | "operation_failed" | "invalid_argument" | "timeout";

export class HypervisorError extends Error {
  constructor(
    readonly kind: HypervisorErrorKind,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = "HypervisorError";
  }
}

export const isHypervisorError = (error: unknown, kind?: HypervisorErrorKind): error is HypervisorError =>
  error instanceof HypervisorError && (kind === undefined || error.kind === kind);
