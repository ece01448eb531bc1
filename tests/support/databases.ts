import { randomBytes } from "node:crypto";
import pg from "pg";

// Empty databases for tests that need one of their own (migrations, the seed, a whole app run),
// created on the test PostgreSQL server and dropped when the test is done.

/** The PostgreSQL server scratch databases are made on: TEST_DATABASE_ADMIN_URL, else this machine's. */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type ScratchDatabase = { name: string; url: string; drop: () => Promise<void> };

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(adminUrl: string, label: string): Promise<ScratchDatabase> {
  const name = `dashboard_${label}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  };
}
