// Typed errors that services throw and the route wrapper turns into the API's error body.

export const ERROR_STATUS = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorDetails = Record<string, unknown>;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    /** Overrides the code's usual status, e.g. 422 for well-formed input with values out of range. */
    readonly status: number = ERROR_STATUS[code],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const notFound = (what = "Resource") => new ApiError("not_found", `${what} not found`);
export const conflict = (message: string, details?: ErrorDetails) => new ApiError("conflict", message, details);

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: ErrorDetails } };

export function errorBody(error: ApiError): ErrorBody {
  return {
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
  };
}
