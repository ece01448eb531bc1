// `npm run bench:fleet`: one production dashboard (npm start's launcher, `next start`) taking the
// reports of a whole fleet over HTTP: 200 hosts of 50 servers (10,000 servers), each host reporting
// every 10 s, staggered across the interval, as its agent would: every domain's state, balloons and a
// memory reading whose figures move from one report to the next, the state itself rarely changing.
// The hosts are light HTTP clients in this process, each sending its next report only once the last
// one is answered (as the agent does), on a fixed schedule. After a warm-up (the first reports write
// every server once), it measures for FLEET_MINUTES (default 3) and prints: reports/s sustained
// against the fleet's 20/s, report latency p50/p95/p99, memory sample rows/s, CPU seconds per second
// of the app's processes (the launcher and next-server) and of the PostgreSQL backends serving its
// database (from /proc), the raw samples' size extrapolated to a day, and whether it fell behind (a
// report sent more than one interval late, or reports piling up). The last line is the same as JSON.
// Sizes: FLEET_HOSTS, FLEET_DOMAINS, FLEET_INTERVAL_MS, FLEET_WARMUP_SECONDS; FLEET_MINUTES=0.5 is a
// smoke run. Uses a scratch database on 127.0.0.1:5432 (TEST_DATABASE_ADMIN_URL), dropped at the end.
import { readdirSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { AgentReport, DomainReport } from "../lib/contracts/provider.ts";
import { migrateDatabase } from "../lib/db/migrate.ts";
import { newAgentToken } from "../lib/hosts/agent-token.ts";
import { ADMIN_DATABASE_URL, createScratchDatabase } from "../tests/support/databases.ts";
import { startDashboard } from "../tests/support/dashboard-process.ts";

const numberFrom = (value: string | undefined, fallback: number) => (value && Number.isFinite(Number(value)) && Number(value) > 0 ? Number(value) : fallback);
const HOSTS = Math.round(numberFrom(process.env.FLEET_HOSTS, 200));
const DOMAINS = Math.round(numberFrom(process.env.FLEET_DOMAINS, 50));
const INTERVAL_MS = numberFrom(process.env.FLEET_INTERVAL_MS, 10_000);
const WARMUP_MS = numberFrom(process.env.FLEET_WARMUP_SECONDS, 2.5 * (INTERVAL_MS / 1000)) * 1000;
const MEASURE_MS = numberFrom(process.env.FLEET_MINUTES, 3) * 60_000;
/** Of every domain in every report, this share comes back in another power state than last time. */
const STATE_CHANGES = 0.001;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const TICKS_PER_SECOND = 100; // USER_HZ on Linux: /proc's CPU times are counted in these

/** CPU seconds (user + system) each process has used so far, from /proc/<pid>/stat. */
function cpuSeconds(pids: number[]): Map<number, number> {
  const used = new Map<number, number>();
  for (const pid of pids) {
    try {
      // The command name (field 2) may hold spaces: the fields after it start past its closing parenthesis.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      used.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
    } catch {
      // gone since it was listed
    }
  }
  return used;
}

/** `root` and every process below it. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone since it was listed
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] ?? 0) ?? []));
  return tree;
}

/** CPU seconds the processes used between two readings; a process that appeared meanwhile counts from zero. */
const cpuBetween = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, seconds]) => sum + seconds - (before.get(pid) ?? 0), 0);

type SimulatedHost = { name: string; token: string; domains: { name: string; running: boolean; usedKiB: number }[] };

function reportOf(host: SimulatedHost): AgentReport {
  const at = new Date().toISOString();
  const domains = host.domains.map((domain): DomainReport => {
    if (Math.random() < STATE_CHANGES) domain.running = !domain.running;
    // The guest's use wanders by up to 2 % of its 4 GiB each report.
    domain.usedKiB = Math.min(3_900_000, Math.max(200_000, domain.usedKiB + Math.round((Math.random() - 0.5) * 160_000)));
    return {
      name: domain.name,
      virtualization: "kvm",
      state: domain.running ? "running" : "shutoff",
      balloon: "virtio",
      pendingBalloon: "virtio",
      at,
      definitionsAt: at,
      definition: { memoryKiB: 4_194_304, vcpus: 2 },
      memory: domain.running
        ? { at, source: "guest", totalKiB: 4_194_304, balloonKiB: 4_194_304, usedKiB: domain.usedKiB, availableKiB: 4_194_304 - domain.usedKiB, cacheKiB: 300_000, rssKiB: domain.usedKiB + 400_000 }
        : null,
    };
  });
  return { domains, node: { memoryKiB: 256 * 1024 * 1024, cpus: 64, agentVersion: "bench-fleet" } };
}

function post(baseUrl: string, host: SimulatedHost, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${baseUrl}/api/provider/v1/report`,
      // A connection per report: one kept for 10 s would outlive the server's keep-alive (5 s) and be reset.
      { method: "POST", agent: false, headers: { authorization: `Bearer ${host.token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

const database = await createScratchDatabase(ADMIN_DATABASE_URL, "bench_fleet");
const dataDir = await mkdtemp(path.join(os.tmpdir(), "bench-fleet-"));
await chmod(dataDir, 0o755);
const sql = new pg.Client({ connectionString: database.url });
let app: Awaited<ReturnType<typeof startDashboard>> | undefined;

try {
  await migrateDatabase(database.url);
  await sql.connect();
  const hosts: SimulatedHost[] = Array.from({ length: HOSTS }, (_, h) => ({
    name: `fleet-${String(h + 1).padStart(3, "0")}`,
    token: "",
    domains: Array.from({ length: DOMAINS }, (_, d) => ({ name: `fleet-${String(h + 1).padStart(3, "0")}-vm-${d + 1}`, running: true, usedKiB: 1_000_000 + Math.round(Math.random() * 2_000_000) })),
  }));
  const tokens = hosts.map(() => newAgentToken());
  hosts.forEach((host, h) => (host.token = tokens[h]?.token ?? ""));
  // The fleet's rows, made directly: an owner, the hosts with their agents' token hashes, their servers.
  await sql.query(
    `WITH owner AS (INSERT INTO users (id, email, name, password_hash, updated_at)
                    VALUES (gen_random_uuid(), 'fleet@example.test', 'Fleet', 'x', now()) RETURNING id),
          host AS (INSERT INTO hosts (id, name, hypervisor_uri, memory_kib, agent_token_hash)
                   SELECT gen_random_uuid(), name, 'simulated:///' || name, 256 * 1024 * 1024, hash FROM unnest($1::text[], $2::text[]) AS h(name, hash)
                   RETURNING id, name)
     INSERT INTO servers (id, owner_id, host_id, name, domain_name, virtualization, memory_mib, vcpus, image, status, observed_balloon, ran_with_balloon, updated_at)
     SELECT gen_random_uuid(), owner.id, host.id, host.name || '-vm-' || n, host.name || '-vm-' || n,
            'kvm', 4096, 2, 'debian-12', 'running', 'virtio', 'virtio', now()
     FROM owner, host, generate_series(1, $3::int) AS n`,
    [hosts.map((host) => host.name), tokens.map((token) => token.hash), DOMAINS],
  );

  console.log(`building (if needed) and starting the dashboard on ${database.name}…`);
  app = await startDashboard({
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: "bench-fleet",
    DASHBOARD_BUILTIN_AGENTS: "0",
    DASHBOARD_DATA_DIR: dataDir,
    API_CONTRACT_CHECKS: "off", // as in production
  });
  const baseUrl = app.baseUrl;
  const appPid = app.pid;
  const backendPids = async () =>
    (await sql.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")).rows.map((row) => row.pid);
  const samplesSize = async () =>
    // With its partitions and indexes when it is partitioned; pg_partition_tree lists nothing for a plain table.
    Number(
      (
        await sql.query<{ bytes: string }>(
          "SELECT coalesce((SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('memory_samples')), pg_total_relation_size('memory_samples'))::text AS bytes",
        )
      ).rows[0]?.bytes ?? 0,
    );
  const samplesCount = async () => Number((await sql.query<{ n: string }>("SELECT count(*)::text AS n FROM memory_samples")).rows[0]?.n ?? 0);

  console.log(`${HOSTS} hosts × ${DOMAINS} domains reporting every ${INTERVAL_MS / 1000} s to ${baseUrl}: ${WARMUP_MS / 1000} s warm-up, then ${MEASURE_MS / 1000} s measured`);
  const started = performance.now() + 1_000;
  const measureFrom = started + WARMUP_MS;
  const measureUntil = measureFrom + MEASURE_MS;
  const latencies: number[] = [];
  const slips: number[] = [];
  const failures: string[] = [];
  let inFlight = 0;
  let answered = 0;
  const inFlightSeen: number[] = [];

  /** One host's agent: a report at each of its moments, the next only once the last is answered. */
  async function runHost(host: SimulatedHost, offsetMs: number) {
    for (let round = 0; ; round++) {
      const due = started + offsetMs + round * INTERVAL_MS;
      if (due >= measureUntil) return;
      await sleep(due - performance.now());
      const sent = performance.now();
      const body = JSON.stringify(reportOf(host));
      inFlight++;
      try {
        const status = await post(baseUrl, host, body);
        if (status !== 200) failures.push(`${host.name}: ${status}`);
      } catch (error) {
        failures.push(`${host.name}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        inFlight--;
      }
      if (sent >= measureFrom) {
        latencies.push(performance.now() - sent);
        slips.push(sent - due);
        answered++;
      }
    }
  }

  const fleet = Promise.all(hosts.map((host, h) => runHost(host, (h * INTERVAL_MS) / HOSTS)));
  const watcher = (async () => {
    while (performance.now() < measureUntil) {
      await sleep(1_000);
      if (performance.now() >= measureFrom) inFlightSeen.push(inFlight);
    }
  })();
  await sleep(measureFrom - performance.now());
  const sizeBefore = await samplesSize();
  const countBefore = await samplesCount();
  const appTree = processTree(appPid);
  const appCpuBefore = cpuSeconds(appTree);
  const backendsBefore = cpuSeconds(await backendPids());
  const ownCpuBefore = process.cpuUsage();
  // The fleet has been reporting since the warm-up began; these readings open the measured window.
  await sleep(measureUntil - performance.now());
  const wallSeconds = MEASURE_MS / 1000;
  const appCpu = cpuBetween(appCpuBefore, cpuSeconds(processTree(appPid))) / wallSeconds;
  const pgCpu = cpuBetween(backendsBefore, cpuSeconds(await backendPids())) / wallSeconds;
  const ownCpu = process.cpuUsage(ownCpuBefore);
  await Promise.all([fleet, watcher]);
  const countAfter = await samplesCount();
  const sizeAfter = await samplesSize();

  const rate = answered / wallSeconds;
  const sampleRate = (countAfter - countBefore) / wallSeconds;
  const bytesPerDay = ((sizeAfter - sizeBefore) / wallSeconds) * 86_400;
  const maxSlip = Math.max(0, ...slips);
  const slipped = slips.filter((slip) => slip > INTERVAL_MS).length;
  const third = Math.max(1, Math.floor(inFlightSeen.length / 3));
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const piling = mean(inFlightSeen.slice(-third)) > 2 * mean(inFlightSeen.slice(0, third)) + HOSTS / 20;
  const fellBehind = slipped > 0 || piling || failures.length > 0;

  console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((load) => load.toFixed(1)).join(" ")} (shared with whatever else runs here)`);
  console.log(`reports: ${rate.toFixed(1)}/s sustained over ${wallSeconds} s (the fleet sends ${(HOSTS / (INTERVAL_MS / 1000)).toFixed(1)}/s), ${failures.length} failed`);
  console.log(`latency: p50 ${percentile(latencies, 50).toFixed(1)} ms   p95 ${percentile(latencies, 95).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms   max ${Math.max(...latencies).toFixed(1)} ms`);
  console.log(`memory samples: ${sampleRate.toFixed(0)} rows/s; raw samples grow ${(bytesPerDay / 2 ** 30).toFixed(2)} GiB/day (${((sizeAfter - sizeBefore) / Math.max(1, countAfter - countBefore)).toFixed(0)} bytes a row with its indexes)`);
  console.log(`CPU: app ${appCpu.toFixed(2)} s/s (launcher + next-server), PostgreSQL ${pgCpu.toFixed(2)} s/s (its backends for this database), this process's ${HOSTS} clients ${((ownCpu.user + ownCpu.system) / 1e6 / wallSeconds).toFixed(2)} s/s`);
  console.log(`fell behind: ${fellBehind ? "yes" : "no"} (latest send ${maxSlip.toFixed(0)} ms after its moment, ${slipped} more than an interval late; reports in flight at most ${Math.max(0, ...inFlightSeen)})`);
  if (failures.length) console.log(`failures, first few: ${failures.slice(0, 5).join("; ")}`);
  console.log(
    JSON.stringify({
      benchmark: "fleet",
      hosts: HOSTS,
      domainsPerHost: DOMAINS,
      intervalMs: INTERVAL_MS,
      measuredSeconds: wallSeconds,
      reportsPerSecond: Number(rate.toFixed(2)),
      targetReportsPerSecond: HOSTS / (INTERVAL_MS / 1000),
      latencyMs: { p50: Number(percentile(latencies, 50).toFixed(1)), p95: Number(percentile(latencies, 95).toFixed(1)), p99: Number(percentile(latencies, 99).toFixed(1)) },
      sampleRowsPerSecond: Number(sampleRate.toFixed(1)),
      cpuSecondsPerSecond: { app: Number(appCpu.toFixed(3)), postgres: Number(pgCpu.toFixed(3)) },
      rawSamplesBytesPerDay: Math.round(bytesPerDay),
      failed: failures.length,
      maxSlipMs: Math.round(maxSlip),
      fellBehind,
      loadAverage: os.loadavg()[0],
    }),
  );
} finally {
  await app?.stop();
  await sql.end().catch(() => undefined);
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
}
