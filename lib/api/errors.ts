import type { ErrorBody, ErrorCode } from "@/lib/contracts/errors.ts";

// Each error code of the API (lib/contracts/errors.ts) with the HTTP status it is answered with:
// the one place where the services' refusals (lib/errors) meet HTTP.

export const ERROR_STATUS = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  cross_site_request: 403,
  not_found: 404,
  server_not_found: 404,
  action_not_found: 404,
  host_not_found: 404,
  customer_not_found: 404,
  operator_not_found: 404,
  method_not_allowed: 405,
  ballooning_unsupported: 409,
  action_in_progress: 409,
  reinstall_in_progress: 409,
  already_on_kvm: 409,
  confirmation_mismatch: 409,
  kvm_name_taken: 409,
  guaranteed_memory_unavailable: 409,
  lease_lost: 409,
  host_name_taken: 409,
  email_taken: 409,
  host_has_servers: 409,
  host_not_reported: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unknown_image: 422,
  invalid_ssh_key: 422,
  unknown_step: 422,
  invalid_step_data: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  token_read_only: 403,
  token_not_found: 404,
  session_not_found: 404,
  wrong_password: 403,
  weak_password: 422,
} as const satisfies Record<ErrorCode, number>;

export type { ErrorBody, ErrorCode };

export type ErrorDetails = Record<string, unknown>;

/** A refusal or failure as the API answers it: code, plain words, details, and its status. */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = ERROR_STATUS[code];
  }
}

export function errorBody(error: ApiError): ErrorBody {
  return {
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
  };
}
