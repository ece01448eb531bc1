import { isDatabaseUnavailable } from "@/lib/db/unavailable.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { secondsUntil, TooManyAttempts } from "@/lib/errors/too-many-attempts.ts";
import { ApiError } from "./errors.ts";

// Every failure as the API answers it: a service's refusal with its code and its data as details;
// too many attempts as a 429 that says when to try again; an unreachable database as a 503 "try
// again"; anything else a generic 500 whose body reveals nothing internal.

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) return new ApiError(error.code, error.message, error.data);
  if (error instanceof TooManyAttempts) {
    const seconds = secondsUntil(error.retryAt);
    return new ApiError("rate_limited", error.message, { retryAfterSeconds: seconds }, { "Retry-After": String(seconds) });
  }
  if (isDatabaseUnavailable(error)) {
    return new ApiError("unavailable", "The service is temporarily unavailable. Nothing was changed; please try again.", undefined, { "Retry-After": "5" });
  }
  return new ApiError("internal", "Something went wrong on our side. Nothing was changed; please try again.");
}
