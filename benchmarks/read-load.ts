// `npm run bench:read-load`: what the customer's read routes cost under load, on the production build.
// One dashboard as `npm start -- --demo` runs it (demo data with a day of raw samples and 30 days of
// roll-ups, the built-in agent reporting), on a scratch database on PostgreSQL (TEST_DATABASE_ADMIN_URL,
// default 127.0.0.1:5432). One signed-in customer; autocannon sends 50 connections for 10 s per
// route. The floor is an unknown API path: a route handler that answers the API's error body without
// touching the database, measured first and last in the same process; each route is given as a ratio
// to the floor's mean. A route is also measured as a poll that finds nothing new (If-None-Match with
// the ETag its last answer carried), where it answers one. The last line is the same as JSON.
import autocannon from "autocannon";
import { ADMIN_DATABASE_URL, createScratchDatabase } from "../tests/support/databases.ts";
import { startDashboard } from "../tests/support/dashboard-process.ts";
import { signInOverHttp } from "../tests/support/http-session.ts";
import { DEMO_LOGIN } from "../prisma/seed.ts";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = 2;

type Target = { name: string; path: string; headers?: Record<string, string> };
export type LoadResult = { name: string; path: string; conditional: boolean; requestsPerSecond: number; p50Ms: number; p99Ms: number; non2xx: number; errors: number; statuses: Record<string, number> };

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
    const floorTarget: Target = { name: "floor: unknown API path", path: "/api/v1/no-such-endpoint" };

    const results: LoadResult[] = [await measure(app.baseUrl, floorTarget, cookie)];
    for (const route of routes) {
      results.push(await measure(app.baseUrl, route, cookie));
      const etag = await etagOf(app.baseUrl, route.path, cookie);
      if (etag) results.push(await measure(app.baseUrl, { ...route, name: `${route.name} (unchanged)`, headers: { "if-none-match": etag } }, cookie));
    }
    results.push(await measure(app.baseUrl, floorTarget, cookie));

    const floors = results.filter((result) => result.path === floorTarget.path);
    const floor = {
      requestsPerSecond: floors.reduce((sum, result) => sum + result.requestsPerSecond, 0) / floors.length,
      p99Ms: floors.reduce((sum, result) => sum + result.p99Ms, 0) / floors.length,
    };
    console.log(`\n${CONNECTIONS} connections, ${SECONDS} s per route (after ${WARM_UP_SECONDS} s of warm-up), server ${server.name}`);
    console.log(`floor: ${floor.requestsPerSecond.toFixed(0)} requests/s, p99 ${floor.p99Ms.toFixed(0)} ms (mean of the first and last run)\n`);
    console.log("| route | requests/s | ratio to floor | p50 | p99 | p99 / floor's | answers |");
    console.log("|---|---|---|---|---|---|---|");
    for (const result of results) {
      const answers = Object.entries(result.statuses).map(([code, count]) => `${count} × ${code}`).join(", ");
      console.log(
        `| ${result.name} | ${result.requestsPerSecond.toFixed(0)} | ${(result.requestsPerSecond / floor.requestsPerSecond).toFixed(2)} | ${result.p50Ms} ms | ${result.p99Ms} ms | ${(result.p99Ms / floor.p99Ms).toFixed(2)} | ${answers}${result.errors ? `, ${result.errors} errors` : ""} |`,
      );
    }
    console.log(JSON.stringify({ benchmark: "read-load", connections: CONNECTIONS, seconds: SECONDS, floor, results }));
  } finally {
    await app.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
