// What a service refuses, in the domain's own words: a stable code, a sentence a client can show,
// and data. Services throw these and know nothing of HTTP; lib/api maps each code to a status and
// the API's error body. Codes are part of the API contract (lib/contracts): clients, the UI among
// them, act on the code, never on the wording.

export const DOMAIN_ERROR_CODES = [
  // who is asking
  "unauthorized",
  "forbidden",
  "cross_site_request",
  // what they ask for does not exist (for them)
  "server_not_found",
  "action_not_found",
  // what they ask cannot be done now or at all
  "ballooning_unsupported",
  "action_in_progress",
  "reinstall_in_progress",
  "already_on_kvm",
  "confirmation_mismatch",
  "kvm_name_taken",
  "unknown_image",
  "invalid_ssh_key",
  "guaranteed_memory_unavailable",
  // the provider API
  "lease_lost",
  "unknown_step",
  "invalid_step_data",
  // the admin API and the operator commands
  "host_not_found",
  "customer_not_found",
  "operator_not_found",
  "host_name_taken",
  "email_taken",
  "host_has_servers",
  "host_not_reported",
  // API tokens
  "token_read_only",
  "token_not_found",
  // the account's own security: its password and its sessions
  "session_not_found",
  "wrong_password",
  "weak_password",
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Facts a client can act on: the action that is in the way, the field that is wrong. */
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const isDomainError = (error: unknown, code?: DomainErrorCode): error is DomainError =>
  error instanceof DomainError && (code === undefined || error.code === code);

/** What a path names that does not exist, or is not the caller's: the same answer either way. */
export const NOT_FOUND_MESSAGES = {
  server_not_found: "Server not found",
  action_not_found: "Action not found",
  host_not_found: "Host not found",
  customer_not_found: "Customer not found",
  token_not_found: "API token not found",
  session_not_found: "Session not found",
} as const satisfies Partial<Record<DomainErrorCode, string>>;

export type NotFoundCode = keyof typeof NOT_FOUND_MESSAGES;

export const notFound = (code: NotFoundCode) => new DomainError(code, NOT_FOUND_MESSAGES[code]);
