// Probe: requests/s and CPU per request (app, PostgreSQL) per route against a running dashboard.
import autocannon from "autocannon";
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { signInOverHttp } from "/work/main/tests/support/http-session.ts";
import { DEMO_LOGIN } from "/work/main/prisma/seed.ts";

const BASE = process.env.BASE ?? "http://127.0.0.1:3100";
const SECONDS = Number(process.env.S ?? 8);
const ticks = (pid: string) => { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" "); return Number(f[11]) + Number(f[12]); };
const pgPids = () => execSync("pgrep -f 'postgres: .* prof'", { encoding: "utf8" }).trim().split("\n").filter(Boolean);
const appPid = execSync("pgrep -f next-server", { encoding: "utf8" }).trim().split("\n")[0];
function cpu() { let pg = 0; for (const p of pgPids()) { try { pg += ticks(p); } catch {} } return { app: ticks(appPid), pg }; }

const cookie = (await signInOverHttp(BASE, DEMO_LOGIN.email, DEMO_LOGIN.password))!;
const listing = (await (await fetch(`${BASE}/api/v1/servers`, { headers: { cookie } })).json()) as { servers: { id: string; virtualization: string }[] };
const id = listing.servers.find((s) => s.virtualization === "kvm")!.id;
const only = process.argv.slice(2);
const routes: [string, string][] = [["floor", "/api/v1/no-such"], ["list", "/api/v1/servers"], ["server", `/api/v1/servers/${id}`],
  ...["1h", "24h", "7d", "30d"].map((r): [string, string] => [r, `/api/v1/servers/${id}/metrics/memory?range=${r}`])];
for (const [name, path] of routes) {
  if (only.length && !only.includes(name)) continue;
  await autocannon({ url: BASE + path, connections: 50, duration: 2, headers: { cookie } });
  const before = cpu(); const me0 = process.cpuUsage();
  const r = await autocannon({ url: BASE + path, connections: 50, duration: SECONDS, headers: { cookie } });
  const after = cpu(); const me = process.cpuUsage(me0);
  const n = r.requests.total;
  const bytes = r.throughput.total / n;
  console.log(`${name.padEnd(7)} ${String(Math.round(r.requests.average)).padStart(5)} req/s p99 ${String(r.latency.p99).padStart(4)} ms  app ${((after.app - before.app) * 10 / n).toFixed(2)} ms/req  pg ${((after.pg - before.pg) * 10 / n).toFixed(2)} ms/req  client ${((me.user + me.system) / 1000 / n).toFixed(2)} ms/req  ${(bytes / 1024).toFixed(1)} KiB`);
}
