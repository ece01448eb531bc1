import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";

export { Prisma } from "./generated/client.ts";
export type { PrismaClient } from "./generated/client.ts";

// One client per process. Kept on globalThis so that Next's development reloads reuse it
// instead of opening a new connection pool on every edit.
const cache = globalThis as unknown as { prismaClient?: PrismaClient };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the dashboard with `npm start` (embedded PostgreSQL) or set DATABASE_URL.",
    );
  }
  return url;
}

export function createPrismaClient(url: string = databaseUrl()): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize() }) });
}

/** The process-wide Prisma client, created on first use so that importing this module never connects. */
export function db(): PrismaClient {
  cache.prismaClient ??= createPrismaClient();
  return cache.prismaClient;
}

function poolSize(): number {
  const configured = Number(process.env.DATABASE_POOL_SIZE);
  return Number.isInteger(configured) && configured > 0 ? configured : 10;
}
