import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../lib/db/migrate.ts";
import { startEmbeddedPostgres, type RunningDatabase } from "../../lib/db/embedded-postgres.ts";
import { ADMIN_DATABASE_URL, createScratchDatabase } from "./databases.ts";
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


export default async function setup(project: TestProject) {
  let embedded: RunningDatabase | undefined;
  let adminUrl = ADMIN_DATABASE_URL;

  if (!(await reachable(adminUrl))) {
    if (requireIntegrations()) throw new Error(`PostgreSQL is not reachable at ${ADMIN_DATABASE_URL}; it is required in CI.`);
    console.warn(`PostgreSQL is not reachable at ${ADMIN_DATABASE_URL}; testing against an embedded PostgreSQL instead.`);
    embedded = await startEmbeddedPostgres({ dataDir: `.data/test-postgres`, databaseName: "postgres" });
    adminUrl = embedded.url;
  }

  const database = await createScratchDatabase(adminUrl, "test");
  await migrateDatabase(database.url);
  project.provide("databaseUrl", database.url);
  project.provide("adminDatabaseUrl", adminUrl);

  return async () => {
    await database.drop();
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
