// `npm run bench:read-load`: what the customer's read routes cost under load, on the production build.
// One dashboard as `npm start -- --demo` runs it (demo data with a day of raw samples, the last hour
// at the agent's 10 s, and 30 days of roll-ups, the built-in agent reporting), on a scratch database
// on PostgreSQL (TEST_DATABASE_ADMIN_URL, default 127.0.0.1:5432). One signed-in customer; autocannon
// sends 50 connections for 10 s per route. The floor is an unknown API path: a route handler that
// answers the API's error body without touching the database. The floor runs before the first route
// and again after every route, so each route run is compared with the floor measured on either side
// of it: a shared 2-core machine drifts by tens of percent over the minutes a sequence takes, and a
// ratio to floors measured minutes apart would carry that drift. The sequence runs BENCH_ROUNDS times
// (3); a route's figures are the mean of its runs, its ratios the mean of its runs' ratios, and each
// round's ratio is printed too: one 10 s run on a shared machine moves by several hundredths. A route is
// also measured as a poll that finds nothing new (If-None-Match with the ETag its last answer
// carried), where it answers one; a route whose answer changes with every report (the agent's, every
// 10 s) answers most of those with 200 all the same. The last line is the same as JSON.
import autocannon from "autocannon";
import { ADMIN_DATABASE_URL, createScratchDatabase } from "../tests/support/databases.ts";
import { startDashboard } from "../tests/support/dashboard-process.ts";
import { signInOverHttp } from "../tests/support/http-session.ts";
import { DEMO_LOGIN } from "../prisma/seed.ts";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = 2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** BENCH_ROUTES=1h,list measures only the routes whose name contains one of these words (all by default). */
const ONLY = process.env.BENCH_ROUTES?.split(",").filter(Boolean);

type Target = { name: string; path: string; headers?: Record<string, string> };
export type LoadResult = { name: string; path: string; conditional: boolean; requestsPerSecond: number; p50Ms: number; p99Ms: number; non2xx: number; errors: number; statuses: Record<string, number> };
/** A route's run with its ratios to the floor runs just before and just after it; `ratios`: each run's own, where runs were averaged. */
type ComparedRun = LoadResult & { ratio: number; p99Ratio: number; ratios: number[] };

async function load(baseUrl: string, target: Target, cookie: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${baseUrl}${target.path}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { cookie, ...target.headers },
  });
}

async function measure(baseUrl: string, target: Target, cookie: string): Promise<LoadResult> {
  await load(baseUrl, target, cookie, WARM_UP_SECONDS);
  const result = await load(baseUrl, target, cookie, SECONDS);
  const statuses: Record<string, number> = {};
  for (const [code, count] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = count?.count ?? 0;
  return {
    name: target.name,
    path: target.path,
    conditional: Boolean(target.headers?.["if-none-match"]),
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses,
  };
}

/** The ETag a route's answer carries now, for the poll that finds nothing new. */
async function etagOf(baseUrl: string, path: string, cookie: string): Promise<string | null> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
  await response.arrayBuffer();
  return response.headers.get("etag");
}

async function main(): Promise<void> {
  const database = await createScratchDatabase(ADMIN_DATABASE_URL, "read_load");
  const app = await startDashboard(
    { DATABASE_URL: database.url, NEXTAUTH_SECRET: "read-load-benchmark", API_CONTRACT_CHECKS: "off", LOG_LEVEL: "info" },
    { args: ["--demo"] },
  );
  try {
    const cookie = await signInOverHttp(app.baseUrl, DEMO_LOGIN.email, DEMO_LOGIN.password);
    if (!cookie) throw new Error("could not sign in as the demo customer");
    const listing = (await (await fetch(`${app.baseUrl}/api/v1/servers`, { headers: { cookie } })).json()) as { servers: { id: string; name: string; virtualization: string }[] };
    const server = listing.servers.find((candidate) => candidate.virtualization === "kvm");
    if (!server) throw new Error("the demo customer has no KVM server");
    const serverPath = `/api/v1/servers/${server.id}`;
    const routes: Target[] = [
      { name: "GET /api/v1/servers", path: "/api/v1/servers" },
      { name: "GET /api/v1/servers/{id}", path: serverPath },
      ...(["1h", "24h", "7d", "30d"] as const).map((range) => ({ name: `GET …/metrics/memory?range=${range}`, path: `${serverPath}/metrics/memory?range=${range}` })),
    ];
    const measured = ONLY ? routes.filter((route) => ONLY.some((word) => route.name.includes(word))) : routes;
    const floorTarget: Target = { name: "floor: unknown API path", path: "/api/v1/no-such-endpoint" };

    const floors: LoadResult[] = [];
    const runs: ComparedRun[] = [];
    /** Measures a route, then the floor again, and compares the route with the floors on either side. */
    const measureBetweenFloors = async (target: Target) => {
      const before = floors.at(-1);
      const run = await measure(app.baseUrl, target, cookie);
      const after = await measure(app.baseUrl, floorTarget, cookie);
      floors.push(after);
      if (!before) throw new Error("the floor runs first");
      const floorRate = mean([before.requestsPerSecond, after.requestsPerSecond]);
      const floorP99 = mean([before.p99Ms, after.p99Ms]);
      const ratio = run.requestsPerSecond / floorRate;
      runs.push({ ...run, ratio, p99Ratio: run.p99Ms / floorP99, ratios: [ratio] });
    };
    floors.push(await measure(app.baseUrl, floorTarget, cookie));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const route of measured) {
        await measureBetweenFloors(route);
        const etag = await etagOf(app.baseUrl, route.path, cookie);
        if (etag) await measureBetweenFloors({ ...route, name: `${route.name} (unchanged)`, headers: { "if-none-match": etag } });
      }
    }

    const floor = { requestsPerSecond: mean(floors.map((run) => run.requestsPerSecond)), p99Ms: mean(floors.map((run) => run.p99Ms)) };
    const results = [...new Set(runs.map((run) => run.name))].map((name) => meanOf(runs.filter((run) => run.name === name)));
    console.log(`\n${CONNECTIONS} connections, ${SECONDS} s per route (after ${WARM_UP_SECONDS} s of warm-up), ${ROUNDS} rounds, server ${server.name}`);
    const rates = floors.map((run) => run.requestsPerSecond);
    console.log(
      `floor: ${floor.requestsPerSecond.toFixed(0)} requests/s, p99 ${floor.p99Ms.toFixed(0)} ms (mean of its ${floors.length} runs, from ${Math.min(...rates).toFixed(0)} to ${Math.max(...rates).toFixed(0)} requests/s); each route's ratios are to the floor runs on either side of its own\n`,
    );
    console.log("| route | requests/s | ratio to floor | each round's ratio | p50 | p99 | p99 / floor's | answers |");
    console.log("|---|---|---|---|---|---|---|---|");
    for (const result of results) {
      const answers = Object.entries(result.statuses).map(([code, count]) => `${count} × ${code}`).join(", ");
      console.log(
        `| ${result.name} | ${result.requestsPerSecond.toFixed(0)} | ${result.ratio.toFixed(2)} | ${result.ratios.map((ratio) => ratio.toFixed(2)).join(", ")} | ${result.p50Ms.toFixed(0)} ms | ${result.p99Ms.toFixed(0)} ms | ${result.p99Ratio.toFixed(2)} | ${answers}${result.errors ? `, ${result.errors} errors` : ""} |`,
      );
    }
    console.log(JSON.stringify({ benchmark: "read-load", connections: CONNECTIONS, seconds: SECONDS, floor, results }));
  } finally {
    await app.stop();
    await database.drop();
  }
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** One route's runs as one result: figures and ratios averaged, answers added up. */
function meanOf(runs: ComparedRun[]): ComparedRun {
  const statuses: Record<string, number> = {};
  for (const run of runs) for (const [code, count] of Object.entries(run.statuses)) statuses[code] = (statuses[code] ?? 0) + count;
  const [first] = runs;
  if (!first) throw new Error("a route without runs");
  return {
    ...first,
    requestsPerSecond: mean(runs.map((run) => run.requestsPerSecond)),
    p50Ms: mean(runs.map((run) => run.p50Ms)),
    p99Ms: mean(runs.map((run) => run.p99Ms)),
    ratio: mean(runs.map((run) => run.ratio)),
    ratios: runs.map((run) => run.ratio),
    p99Ratio: mean(runs.map((run) => run.p99Ratio)),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    statuses,
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
