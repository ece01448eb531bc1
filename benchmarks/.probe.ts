import autocannon from "autocannon";
import { readFileSync, readdirSync } from "node:fs";
import { signInOverHttp } from "../tests/support/http-session.ts";
const base = process.env.BASE ?? "http://127.0.0.1:3100";
const appPid = Number(process.env.APP_PID);
function cpuOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(stat[11]) + Number(stat[12])) * 10; // ms (100 Hz)
}
function pgCpu(): number {
  let sum = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try { const comm = readFileSync(`/proc/${entry}/comm`, "utf8").trim(); if (comm === "postgres") sum += cpuOf(Number(entry)); } catch {}
  }
  return sum;
}
const cookie = (await signInOverHttp(base, "demo@example.com", process.env.PW ?? "demo-password"))!;
const list = await (await fetch(`${base}/api/v1/servers`, { headers: { cookie } })).json() as { servers: { id: string; virtualization: string }[] };
const id = list.servers.find((s) => s.virtualization === "kvm")!.id;
const paths = process.argv.slice(2).length ? process.argv.slice(2) : ["/api/v1/nothing", "/api/v1/servers", `/api/v1/servers/${id}`, ...["1h", "24h", "7d", "30d"].map((r) => `/api/v1/servers/${id}/metrics/memory?range=${r}`)];
const N = Number(process.env.N ?? 2000);
for (const raw of paths) {
  const path = raw.replace("{id}", id);
  await autocannon({ url: base + path, connections: 10, amount: 300, headers: { cookie } });
  const a0 = cpuOf(appPid), p0 = pgCpu();
  const r = await autocannon({ url: base + path, connections: 10, amount: N, headers: { cookie } });
  const a1 = cpuOf(appPid), p1 = pgCpu();
  console.log(`${path.replace(id, "{id}").padEnd(50)} app ${((a1 - a0) / N).toFixed(2)} ms/req  pg ${((p1 - p0) / N).toFixed(2)} ms/req  bytes ${(r.throughput.total / N).toFixed(0)}  status ${Object.keys(r.statusCodeStats ?? {})}`);
}
