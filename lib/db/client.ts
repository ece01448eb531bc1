import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";

export { Prisma } from "./generated/client.ts";
export type { PrismaClient } from "./generated/client.ts";

// One client per process. Kept on globalThis so that Next's development reloads reuse it
// instead of opening a new connection pool on every edit.
const cache = globalThis as unknown as { prismaClient?: PrismaClient; batchClient?: PrismaClient; pool?: pg.Pool };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the dashboard with `npm start` (embedded PostgreSQL) or set DATABASE_URL.",
    );
  }
  return url;
}

/**
 * How long one query may take before the request gives up and answers 503 (DATABASE_QUERY_TIMEOUT_MS).
 * The client counts it itself: when the network to PostgreSQL drops packets, nothing comes back to
 * end a query, and without a limit of our own a request would hang for as long as TCP does.
 */
const QUERY_TIMEOUT_MS = positiveNumber(process.env.DATABASE_QUERY_TIMEOUT_MS) ?? 5_000;
/** Batch work (memory roll-ups and pruning, the demo seed) runs long statements on a client of its own. */
export const BATCH_QUERY_TIMEOUT_MS = 10 * 60_000;

export function createPrismaClient(url: string = databaseUrl(), options: { queryTimeoutMs?: number; max?: number } = {}): PrismaClient {
  return clientOnPool(createPool(url, options));
}

/**
 * The connection pool behind a client. Created here and handed to the adapter (which ends it with
 * the client) so that the process's own pool can be watched: its open, idle and waiting counts.
 */
function createPool(url: string, { queryTimeoutMs = QUERY_TIMEOUT_MS, max = poolSize() } = {}): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    query_timeout: queryTimeoutMs,
    // The server ends what the client stopped waiting for, so it does not run on unseen.
    statement_timeout: queryTimeoutMs + 1_000,
    idle_in_transaction_session_timeout: 60_000,
    // Finds connections a silent network left half-open, before a request picks one from the pool.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
}

/**
 * Each client's pool, for the statements that run prepared on the same connections (appPool). On
 * globalThis like the client itself: Next bundles this module into more than one chunk, and every
 * copy must find the pool of the one client they share.
 */
const poolOfClient = (globalThis as unknown as { prismaClientPools?: WeakMap<PrismaClient, pg.Pool> }).prismaClientPools ??= new WeakMap();

function clientOnPool(pool: pg.Pool): PrismaClient {
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  poolOfClient.set(client, pool);
  return client;
}

/** The process-wide Prisma client, created on first use so that importing this module never connects. */
export function db(): PrismaClient {
  if (!cache.prismaClient) {
    cache.pool = createPool(databaseUrl());
    cache.prismaClient = clientOnPool(cache.pool);
  }
  return cache.prismaClient;
}

/** The connection pool behind the process-wide client, for the statements run prepared (lib/db/prepared.ts). */
export function appPool(): pg.Pool {
  const pool = poolOfClient.get(db());
  if (!pool) throw new Error("the process-wide client has no pool of its own");
  return pool;
}

/** How the process-wide client's pool is used: connections open, idle, and queries waiting for one. */
export function databasePoolUse(): { max: number; total: number; idle: number; waiting: number } | null {
  const pool = cache.pool;
  return pool ? { max: pool.options.max, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
}

/** The process-wide client for batch work: long statements, two connections. */
export function batchDb(): PrismaClient {
  cache.batchClient ??= createPrismaClient(databaseUrl(), { queryTimeoutMs: BATCH_QUERY_TIMEOUT_MS, max: 2 });
  return cache.batchClient;
}

function poolSize(): number {
  const configured = Number(process.env.DATABASE_POOL_SIZE);
  return Number.isInteger(configured) && configured > 0 ? configured : 10;
}

function positiveNumber(value: string | undefined): number | undefined {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : undefined;
}
