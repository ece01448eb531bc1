import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client.ts";
import { migrateDatabase } from "@/lib/db/migrate.ts";
import { DEMO_LOGIN, seedDatabase } from "@/prisma/seed.ts";
import { buildDashboard, dashboardRefusal, startDashboard } from "../support/dashboard-process.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { signInOverHttp } from "../support/http-session.ts";

// The demo accounts' passwords are published in the README: `npm start` puts them only into its
// embedded database (tests/e2e/dashboard.test.ts) or where --demo asks, and a production start
// refuses a database that holds them.

const adminUrl = inject("adminDatabaseUrl");
const databases: ScratchDatabase[] = [];
// Only what these tests look at: no agent, no memory maintenance.
const QUIET = { DASHBOARD_BUILTIN_AGENTS: "0", DASHBOARD_MEMORY_MAINTENANCE: "0" };

beforeAll(buildDashboard, 600_000);

afterAll(async () => {
  for (const database of databases) await database.drop();
});

async function emptyDatabase(label: string): Promise<ScratchDatabase> {
  const database = await createScratchDatabase(adminUrl, label);
  databases.push(database);
  return database;
}

async function emailsIn(url: string): Promise<string[]> {
  const prisma = createPrismaClient(url);
  try {
    return (await prisma.user.findMany({ select: { email: true }, orderBy: { email: "asc" } })).map((user) => user.email);
  } finally {
    await prisma.$disconnect();
  }
}

describe("npm start and the demo data", () => {
  it("seeds nothing into an empty database at DATABASE_URL, and prints no demo password", { timeout: 120_000 }, async () => {
    const database = await emptyDatabase("no_demo");
    const app = await startDashboard({ ...QUIET, DATABASE_URL: database.url, NEXTAUTH_SECRET: "no-demo-test" });
    try {
      expect(await emailsIn(database.url)).toEqual([]);
      expect(await signInOverHttp(app.baseUrl, DEMO_LOGIN.email, DEMO_LOGIN.password)).toBeNull();
      expect(app.output()).not.toContain(DEMO_LOGIN.password);
      expect(app.output()).toContain("npm start -- --demo");
    } finally {
      expect(await app.stop()).toBe(0);
    }
  });

  it("seeds the demo data into an empty database at DATABASE_URL when started with --demo", { timeout: 120_000 }, async () => {
    const database = await emptyDatabase("demo");
    const app = await startDashboard({ ...QUIET, DATABASE_URL: database.url, NEXTAUTH_SECRET: "demo-test" }, { args: ["--demo"] });
    try {
      expect(await emailsIn(database.url)).toContain(DEMO_LOGIN.email);
      expect(app.output()).toContain(`sign in as ${DEMO_LOGIN.email}`);
      expect(await signInOverHttp(app.baseUrl, DEMO_LOGIN.email, DEMO_LOGIN.password)).not.toBeNull();
    } finally {
      expect(await app.stop()).toBe(0);
    }
  });

  it("refuses a production start on a database that holds the demo accounts, saying why and printing no password", { timeout: 120_000 }, async () => {
    const database = await emptyDatabase("prod_demo");
    await migrateDatabase(database.url);
    const prisma = createPrismaClient(database.url);
    try {
      await seedDatabase(prisma);
    } finally {
      await prisma.$disconnect();
    }

    const refusal = await dashboardRefusal({ ...QUIET, DATABASE_URL: database.url, NEXTAUTH_SECRET: "prod-test", NODE_ENV: "production" });
    expect(refusal.served).toBe(false);
    expect(refusal.code).not.toBe(0);
    expect(refusal.output).toContain("demo accounts");
    expect(refusal.output).toContain(DEMO_LOGIN.email);
    expect(refusal.output).not.toContain(DEMO_LOGIN.password);
  });

  it("refuses --demo in production", { timeout: 120_000 }, async () => {
    const database = await emptyDatabase("prod_flag");
    const refusal = await dashboardRefusal({ ...QUIET, DATABASE_URL: database.url, NEXTAUTH_SECRET: "prod-test", NODE_ENV: "production" }, { args: ["--demo"] });
    expect(refusal.served).toBe(false);
    expect(refusal.code).not.toBe(0);
    expect(refusal.output).toContain("--demo");
  });
});
