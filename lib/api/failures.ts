import { ApiError } from "./errors.ts";

// Maps failures that are not ApiErrors: an unreachable database is the customer's 503 "try again",
// anything else a generic 500 whose body reveals nothing internal.

const CONNECTION_ERROR_CODES = new Set([
  "P1001", // Prisma: cannot reach the database
  "P1002", // Prisma: the database timed out
  "P1017", // Prisma: the server closed the connection
  "P2024", // Prisma: no connection from the pool in time
  "P2028", // Prisma: the transaction could not start or expired
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EPIPE",
  "57P01", // admin_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
  "08000",
  "08001",
  "08003",
  "08006",
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") break;
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && CONNECTION_ERROR_CODES.has(code)) return true;
    if (typeof message === "string" && /connect(ion)? (refused|terminated|timeout)|Can't reach database/i.test(message)) {
      return true;
    }
    current = cause;
  }
  return false;
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isDatabaseUnavailable(error)) {
    return new ApiError("unavailable", "The service is temporarily unavailable. Nothing was changed; please try again.", undefined, 503, {
      "Retry-After": "5",
    });
  }
  return new ApiError("internal", "Something went wrong on our side. Nothing was changed; please try again.");
}
