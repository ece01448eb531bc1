import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createPrismaClient, db } from "@/lib/db/client.ts";
import { startEmbeddedPostgres, type RunningDatabase } from "@/lib/db/embedded-postgres.ts";
import { migrateDatabase } from "@/lib/db/migrate.ts";
import { hashPassword } from "@/lib/auth/password.ts";
import { startDashboard } from "../support/dashboard-process.ts";
import { startFaultProxy } from "./fault-proxy.ts";
import { runScenario, type MatrixEnvironment, type ScenarioResult } from "./run-scenario.ts";
import { allScenarios, CALL_FAULTS, COMMANDS, FAULT_LABELS, STEP_FAULTS, type Fault, type Scenario, type Where } from "./scenarios.ts";
import { stepsOf } from "@/lib/actions/commands/index.ts";

// The whole fault matrix: a dashboard exactly as `npm start` runs it, on an embedded PostgreSQL of
// its own (so that it can be restarted mid-action), agents reaching it through the fault proxy, and
// every scenario of scenarios.ts. Scenarios run side by side, a batch at a time; those that restart
// PostgreSQL run after the others, so that each fault's effect is its own.

export type MatrixOptions = { concurrency?: number; only?: (scenario: Scenario) => boolean; repeat?: number; progress?: (line: string) => void };

const LEASE_MS = 5_000;

export async function runFaultMatrix({ concurrency = 12, only = () => true, repeat = 1, progress = () => undefined }: MatrixOptions = {}): Promise<ScenarioResult[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "fault-matrix-"));
  await chmod(dataDir, 0o755);
  let database: RunningDatabase | undefined;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const startDatabase = () => startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), databaseName: "faults", port });
  database = await startDatabase();
  await migrateDatabase(database.url);
  process.env.DATABASE_URL = database.url;
  const app = await startDashboard({
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: "fault-matrix",
    DASHBOARD_BUILTIN_AGENTS: "0",
    DASHBOARD_MEMORY_MAINTENANCE: "0",
    ACTION_LEASE_MS: String(LEASE_MS),
    DASHBOARD_DATA_DIR: dataDir,
  });
  const proxy = await startFaultProxy(app.baseUrl);

  let restarting: Promise<void> | undefined;
  const environment: MatrixEnvironment = {
    proxy,
    dataDir,
    owner: await createOwner(),
    // One restart at a time; a scenario that asks while one is under way has PostgreSQL down during its step all the same.
    restartPostgres: () =>
      (restarting ??= (async () => {
        await database?.stop();
        database = await startDatabase();
      })().finally(() => (restarting = undefined))),
  };

  const chosen = allScenarios().filter(only);
  const scenarios = Array.from({ length: repeat }, (_, round) => chosen.map((scenario) => ({ ...scenario, id: scenario.id + round * 1000 }))).flat();
  const results: ScenarioResult[] = [];
  const batches = [scenarios.filter((scenario) => scenario.fault !== "postgres_restart"), scenarios.filter((scenario) => scenario.fault === "postgres_restart")];
  try {
    for (const batch of batches) {
      await inPool(batch, concurrency, async (scenario) => {
        const result = await runScenario(scenario, environment);
        results.push(result);
        progress(`${results.length}/${scenarios.length} ${describe(scenario)}: ${result.ended}${result.attempts > 1 ? ` (attempt ${result.attempts})` : ""}`);
      });
    }
  } finally {
    await proxy.close();
    await app.stop();
    await db().$disconnect();
    await database?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return results.sort((a, b) => a.scenario.id - b.scenario.id);
}

async function createOwner() {
  const prisma = createPrismaClient();
  try {
    const user = await prisma.user.create({ data: { email: `faults-${Date.now()}@example.test`, name: "Fault Matrix", passwordHash: await hashPassword("unused") } });
    return { userId: user.id, role: user.role, via: "session" as const };
  } finally {
    await prisma.$disconnect();
  }
}

async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(size, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

const describe = ({ command, where, fault }: Scenario) => `${command} · ${where} · ${FAULT_LABELS[fault]}`;

export const VIOLATIONS = {
  stuck: "actions stuck in running after their lease",
  completedTwice: "actions completed twice",
  restartedTwice: "restarts done twice",
  leftDown: "servers left stopped that were running before",
  wrongState: "servers whose state does not match how the action ended",
  unexpected: "actions that ended otherwise than expected",
} as const satisfies Record<keyof ScenarioResult["violations"], string>;

/** The matrix as a table (where × fault → outcome) for each command, then the totals. */
export function formatReport(results: ScenarioResult[]): string {
  const lines: string[] = [];
  const cell = (result: ScenarioResult | undefined) => {
    if (!result) return "—";
    const broken = Object.entries(result.violations).filter(([, violated]) => violated).map(([name]) => name);
    if (!result.fired) return "NOT FIRED";
    if (broken.length > 0) return `FAIL ${broken.join(",")}`;
    const outcome = { success: "ok", rolled_back: "undone", not_applied: "unchanged" }[result.ended] ?? result.ended;
    return result.attempts > 1 ? `${outcome} (${result.attempts})` : outcome;
  };
  const find = (command: string, where: Where, fault: Fault) =>
    results.find((result) => result.scenario.command === command && result.scenario.where === where && result.scenario.fault === fault);
  for (const command of COMMANDS) {
    lines.push("", `${command}: the outcome of each fault ("ok" finished, "undone" rolled back, "unchanged" refused before any change; (n) the attempt it ended on)`);
    const header = ["", ...STEP_FAULTS.map((fault) => FAULT_LABELS[fault])];
    const rows = stepsOf(command).map((step) => [step, ...STEP_FAULTS.map((fault) => cell(find(command, step, fault)))]);
    lines.push(...alignColumns([header, ...rows]));
    for (const where of ["claim", "complete"] as const) {
      lines.push(`${where}: ${CALL_FAULTS.map((fault) => `${FAULT_LABELS[fault]} → ${cell(find(command, where, fault))}`).join(", ")}`);
    }
  }
  const outcomes = new Map<string, number>();
  for (const result of results) outcomes.set(result.ended, (outcomes.get(result.ended) ?? 0) + 1);
  const count = (key: keyof ScenarioResult["violations"]) => results.filter((result) => result.violations[key]).length;
  lines.push(
    "",
    "Totals",
    `  faults injected:                                          ${results.filter((result) => result.fired).length} of ${results.length} scenarios`,
    `  outcomes:                                                 ${[...outcomes].map(([outcome, n]) => `${outcome} ${n}`).join(", ")}`,
    `  resumed by a later attempt:                               ${results.filter((result) => result.attempts > 1).length}`,
    ...Object.entries(VIOLATIONS).map(([key, label]) => `  ${`${label}:`.padEnd(58)}${count(key as keyof ScenarioResult["violations"])}`),
    `  ${"faults that did not fire:".padEnd(58)}${results.filter((result) => !result.fired).length}`,
  );
  return lines.join("\n");
}

function alignColumns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) => row.map((value, column) => value.padEnd(widths[column] ?? 0)).join("  ").trimEnd());
}
