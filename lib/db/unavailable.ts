// Whether a failure means the database cannot be reached now (down, restarting, cut off): callers
// answer "try again" (503) for these, and treat anything else as a fault of their own.

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

// What pg says when it gives up: no connection, no answer within the query time-out (lib/db/client.ts),
// or a transaction's connection the database dropped between two of its statements (a restart).
const DISCONNECTED =
  /connect(ion)? (refused|terminated|timeout)|Can't reach database|Query read timeout|timeout exceeded when trying to connect|connection error and is not queryable/i;

// The driver adapter's own names for the same conditions (Prisma 7 with @prisma/adapter-pg).
const CONNECTION_ERROR_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/**
 * Whether a failure means "the database cannot be reached now". Prisma 7 wraps the driver's error:
 * PostgreSQL's code can sit in `meta.driverAdapterError.cause.originalCode` (a restart's 57P01 comes
 * as P2039), so the error, its cause chain and that wrapping are all looked at.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const queue: unknown[] = [error];
  for (let looked = 0; queue.length > 0 && looked < 20; looked++) {
    const current = queue.shift();
    if (!current || typeof current !== "object") continue;
    const { code, originalCode, kind, message, cause, meta, driverAdapterError } = current as Record<string, unknown>;
    if ([code, originalCode].some((value) => typeof value === "string" && CONNECTION_ERROR_CODES.has(value))) return true;
    if (typeof kind === "string" && CONNECTION_ERROR_KINDS.has(kind)) return true;
    if (typeof message === "string" && DISCONNECTED.test(message)) return true;
    queue.push(cause, meta, driverAdapterError);
  }
  return false;
}
