import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../lib/db/migrate.ts";
import { startEmbeddedPostgres, type RunningDatabase } from "../../lib/db/embedded-postgres.ts";
import { requireIntegrations } from "./integrations.ts";

// Every test run gets a database of its own, migrated from empty: on the PostgreSQL server that
// TEST_DATABASE_ADMIN_URL names (default: this machine's, 127.0.0.1:5432), or, where none runs
// and integrations are optional, on an embedded PostgreSQL.

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    adminDatabaseUrl: string;
  }
}

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default async function setup(project: TestProject) {
  const name = `dashboard_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  let embedded: RunningDatabase | undefined;
  let adminUrl = ADMIN_URL;

  if (!(await reachable(adminUrl))) {
    if (requireIntegrations()) throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL}; it is required in CI.`);
    console.warn(`PostgreSQL is not reachable at ${ADMIN_URL}; testing against an embedded PostgreSQL instead.`);
    embedded = await startEmbeddedPostgres({ dataDir: `.data/test-postgres`, databaseName: "postgres" });
    adminUrl = embedded.url;
  }

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await admin.end();

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  project.provide("databaseUrl", url.toString());
  project.provide("adminDatabaseUrl", adminUrl);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await client.end();
    await embedded?.stop();
  };
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
