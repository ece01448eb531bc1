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

/**
 * Whether asking libvirt again may work: it could not be reached (libvirtd restarting, a dropped
 * connection), or the domain was busy with another job. Anything else (a refused definition, a
 * domain that cannot start) fails the same way again.
 */
export function isTransientHypervisorError(error: unknown): boolean {
  if (!isHypervisorError(error)) return false;
  if (error.kind === "unreachable" || error.kind === "timeout") return true;
  return error.kind === "operation_failed" && /cannot acquire state change lock|Timed out during operation|domain is being (started|shut ?down)/i.test(error.message);
}
