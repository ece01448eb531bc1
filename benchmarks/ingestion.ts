// `npm run bench:ingestion`: what one host agent's report costs the dashboard. A scratch database
// holds one host with 50 servers; the report of all 50 (state, balloons and a memory reading each) is
// recorded 200 times in a row, as one agent reporting every 10 s would over half an hour. The floor,
// measured in the same process, is the same report of no domains (the host's row alone), so the ratio
// shows what the domains add. Uses 127.0.0.1:5432 unless TEST_DATABASE_ADMIN_URL says otherwise.
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { DomainReport } from "../lib/contracts/provider.ts";
import { db } from "../lib/db/client.ts";
import { migrateDatabase } from "../lib/db/migrate.ts";
import { recordReport } from "../lib/hosts/record-report.ts";
import { ADMIN_DATABASE_URL, createScratchDatabase } from "../tests/support/databases.ts";

const DOMAINS = 50;
const REPORTS = 200;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;

const database = await createScratchDatabase(ADMIN_DATABASE_URL, "bench_ingestion");
await migrateDatabase(database.url);
process.env.DATABASE_URL = database.url;
const sql = new pg.Client({ connectionString: database.url });
await sql.connect();

/** `count` reports, each 10 s after the one before (ending now), timed one by one. */
async function run(hostId: string, domains: (at: string) => DomainReport[], count: number): Promise<number[]> {
  const times: number[] = [];
  const start = Date.now() - count * 10_000;
  for (let i = 0; i < count; i++) {
    const at = new Date(start + i * 10_000).toISOString();
    const began = performance.now();
    await recordReport({ hostId, domains: domains(at), now: new Date(at) });
    times.push(performance.now() - began);
  }
  return times;
}

function line(label: string, times: number[], floor?: number[]) {
  const total = times.reduce((sum, ms) => sum + ms, 0);
  const rate = (times.length / total) * 1000;
  const ratio = floor ? ` ${(percentile(times, 50) / percentile(floor, 50)).toFixed(2)}× the floor's p50` : "";
  console.log(`${label.padEnd(34)} ${rate.toFixed(0).padStart(5)} reports/s   p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms${ratio}`);
  return rate;
}

try {
  const { rows: [host] } = await sql.query<{ id: string }>(`
    WITH owner AS (INSERT INTO users (id, email, name, password_hash, updated_at)
                   VALUES (gen_random_uuid(), 'bench@example.test', 'Bench', 'x', now()) RETURNING id),
         host AS (INSERT INTO hosts (id, name, hypervisor_uri, memory_kib) VALUES (gen_random_uuid(), 'bench', 'simulated:///bench', 68719476736 / 1024) RETURNING id),
         servers AS (
           INSERT INTO servers (id, owner_id, host_id, name, domain_name, virtualization, memory_mib, vcpus, image, status, updated_at)
           SELECT gen_random_uuid(), owner.id, host.id, 'vm-' || n, 'vm-' || n, 'kvm', 1024, 1, 'debian-12', 'running', now()
           FROM owner, host, generate_series(1, ${DOMAINS}) AS n)
    SELECT id FROM host`);
  if (!host) throw new Error("no host");
  const domains = (at: string): DomainReport[] =>
    Array.from({ length: DOMAINS }, (_, i) => ({
      name: `vm-${i + 1}`,
      virtualization: "kvm",
      state: "running",
      balloon: "virtio",
      pendingBalloon: "virtio",
      at,
      definitionsAt: at,
      definition: { memoryKiB: 1_048_576, vcpus: 1 },
      memory: { at, source: "guest", totalKiB: 1_048_576, balloonKiB: 1_048_576, usedKiB: 400_000 + i, availableKiB: 600_000, cacheKiB: 100_000, rssKiB: 900_000 },
    }));

  await run(host.id, domains, 10); // warm-up: connections, prepared plans
  const floor = await run(host.id, () => [], REPORTS);
  const full = await run(host.id, domains, REPORTS);
  console.log(`one host's report, ${REPORTS} in a row, recordReport on PostgreSQL (${DOMAINS} domains each)`);
  line("floor: a report of no domains", floor);
  const rate = line(`a report of ${DOMAINS} domains`, full, floor);
  console.log(`rows: ${(rate * DOMAINS).toFixed(0)} memory samples/s written and as many server observations/s applied (a server row is written only when its state changes)`);
  console.log(`one dashboard at this rate takes ${(rate * 10).toFixed(0)} hosts reporting every 10 s (${(rate * 10 * DOMAINS).toFixed(0)} servers), before anything else it does`);
} finally {
  await sql.end();
  await db().$disconnect();
  await database.drop();
}
