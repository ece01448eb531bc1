// `node --import tsx benchmarks/memory.ts`: memory metrics at a provider's scale. Seeds a scratch
// database with what the retention policy keeps for 1,000 servers (BENCH_SERVERS) sampled every 10 s:
// 30 days of 5-minute roll-ups each, and 24 h of raw samples in their day partitions for
// BENCH_RAW_SERVERS of them (all by default), written in time order as agents would. Times the 30d
// query for one server on 5-minute roll-ups alone (the floor), then rolls the month up into hours
// as maintenance does and times the 30d query again, with its ratio to the floor; then 1h, 24h and 7d
// (p50/p95 over 50 runs each). Then two old days of raw samples: deleting one by time (the floor)
// against the scheduled maintenance run that drops both partitions; and the database size. Uses
// 127.0.0.1:5432 unless TEST_DATABASE_ADMIN_URL says otherwise.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { db } from "../lib/db/client.ts";
import { migrateDatabase } from "../lib/db/migrate.ts";
import { runMemoryMaintenance } from "../lib/metrics/maintenance.ts";
import { floorToHour, HOUR_MS, rollupHours } from "../lib/metrics/rollup-hours.ts";
import { ROLLUP_RETENTION_MS } from "../lib/metrics/retention.ts";
import type { MemoryRange } from "../lib/metrics/memory-ranges.ts";
import { getMemorySeries } from "../lib/metrics/memory-series.ts";
import { ADMIN_DATABASE_URL, createScratchDatabase } from "../tests/support/databases.ts";

const SERVERS = Number(process.env.BENCH_SERVERS ?? 1_000);
const RAW_SERVERS = Number(process.env.BENCH_RAW_SERVERS ?? SERVERS);
const RUNS = 50;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const mib = (bytes: string) => `${(Number(bytes) / 1024 / 1024).toFixed(0)} MiB`;

const database = await createScratchDatabase(ADMIN_DATABASE_URL, "bench_memory");
await migrateDatabase(database.url);
process.env.DATABASE_URL = database.url;
const sql = new pg.Client({ connectionString: database.url });
await sql.connect();

async function step(label: string, text: string, values: unknown[] = []) {
  const started = performance.now();
  await sql.query(text, values);
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

try {
  const now = new Date();
  await step("servers", `
    WITH owner AS (INSERT INTO users (id, email, name, password_hash, updated_at)
                   VALUES (gen_random_uuid(), 'bench@example.test', 'Bench', 'x', now()) RETURNING id),
         host AS (INSERT INTO hosts (id, name, hypervisor_uri) VALUES (gen_random_uuid(), 'bench', 'simulated:///bench') RETURNING id)
    INSERT INTO servers (id, owner_id, host_id, name, domain_name, virtualization, memory_mib, vcpus, image, status, updated_at)
    SELECT gen_random_uuid(), owner.id, host.id, 'bench-' || n, 'bench-' || n, 'kvm', 4096, 2, 'debian-12', 'running', now()
    FROM owner, host, generate_series(1, $1::int) AS n`, [SERVERS]);
  // Guest figures wander with time; every tenth server reports host figures only (rss, the rest null).
  await step(`30 days of 5-minute roll-ups for ${SERVERS} servers`, `
    INSERT INTO memory_rollups (server_id, bucket_start, source, sample_count, total_kib, balloon_kib, available_kib,
                                cache_kib, used_min_kib, used_avg_kib, used_max_kib, rss_min_kib, rss_avg_kib, rss_max_kib)
    SELECT s.id, b, CASE WHEN s.guest THEN 'guest' ELSE 'host' END::"MemorySource", 30, 4194304,
           CASE WHEN s.guest THEN 4194304 END, CASE WHEN s.guest THEN 2097152 - v END, CASE WHEN s.guest THEN 524288 END,
           CASE WHEN s.guest THEN 1000000 + v END, CASE WHEN s.guest THEN 1048576 + v END, CASE WHEN s.guest THEN 1100000 + v END,
           2000000 + v, 2097152 + v, 2200000 + v
    FROM generate_series(date_bin('5 minutes', $1::timestamptz - interval '30 days', timestamptz '2000-01-01 00:00:00+00'),
                         $1::timestamptz - interval '5 minutes', interval '5 minutes') AS b
    CROSS JOIN LATERAL (SELECT (extract(epoch FROM b)::bigint % 86400) * 3 AS v) AS wave
    CROSS JOIN (SELECT id, row_number() OVER (ORDER BY id) % 10 <> 0 AS guest FROM servers) AS s
    ORDER BY b`, [now]);
  await step("the raw samples' day partitions", `
    SELECT ensure_memory_sample_partitions(ARRAY[($1::timestamptz - interval '24 hours')::date, $1::date]::date[])`, [now]);
  await step(`24 h of 10-second raw samples for ${RAW_SERVERS} servers`, `
    INSERT INTO memory_samples (server_id, at, source, total_kib, balloon_kib, used_kib, available_kib, cache_kib, rss_kib)
    SELECT s.id, t, CASE WHEN s.guest THEN 'guest' ELSE 'host' END::"MemorySource", 4194304,
           CASE WHEN s.guest THEN 4194304 END, CASE WHEN s.guest THEN 1048576 + v END,
           CASE WHEN s.guest THEN 2097152 - v END, CASE WHEN s.guest THEN 524288 END, 2097152 + v
    FROM generate_series($1::timestamptz - interval '24 hours', $1::timestamptz, interval '10 seconds') AS t
    CROSS JOIN LATERAL (SELECT (extract(epoch FROM t)::bigint % 86400) * 3 AS v) AS wave
    CROSS JOIN (SELECT id, row_number() OVER (ORDER BY id) % 10 <> 0 AS guest FROM servers ORDER BY id LIMIT $2) AS s
    ORDER BY t`, [now, RAW_SERVERS]);
  await step("vacuum analyze", "VACUUM ANALYZE");

  const { rows: [server] } = await sql.query<{ id: string; owner_id: string }>("SELECT id, owner_id FROM servers ORDER BY id LIMIT 1");
  if (!server) throw new Error("no server seeded");
  const actor = { userId: server.owner_id, role: "customer" as const, via: "api_token" as const, scope: "read" as const };
  const serverId = server.id;
  async function time(range: MemoryRange, label: string = range) {
    const times: number[] = [];
    let points = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      points = (await getMemorySeries({ actor, serverId, range, now })).points.length;
      times.push(performance.now() - started);
    }
    console.log(`${label} for one server (${points} points, ${RUNS} runs): p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
    return percentile(times, 50);
  }

  const floor = await time("30d", "30d from 5-minute roll-ups only (the floor)");
  const hoursStarted = performance.now();
  let hours = 0;
  for (let start = floorToHour(new Date(now.getTime() - ROLLUP_RETENTION_MS)); start < floorToHour(now); start = new Date(start.getTime() + 24 * HOUR_MS)) {
    hours += await rollupHours({ from: start, to: new Date(Math.min(start.getTime() + 24 * HOUR_MS, floorToHour(now).getTime())) });
  }
  console.log(`30 days of hourly roll-ups from the 5-minute ones (${hours} rows): ${((performance.now() - hoursStarted) / 1000).toFixed(1)} s`);
  await step("vacuum analyze memory_rollups_hourly", "VACUUM ANALYZE memory_rollups_hourly");
  const hourly = await time("30d", "30d from hourly roll-ups");
  console.log(`30d from hourly roll-ups: ${(hourly / floor).toFixed(2)}× the floor's p50`);
  for (const range of ["1h", "24h", "7d"] satisfies MemoryRange[]) await time(range);

  // Retention: two whole days past it, one deleted row by row as pruning did before partitions (the
  // floor), then the maintenance run that drops both days' partitions.
  const days = [3, 2].map((ago) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ago)));
  await step("two old days' partitions", "SELECT ensure_memory_sample_partitions($1::date[])", [days.map((day) => day.toISOString().slice(0, 10))]);
  for (const day of days) {
    await step(`a day of 10-second raw samples for ${RAW_SERVERS} servers, ${day.toISOString().slice(0, 10)}`, `
      INSERT INTO memory_samples (server_id, at, source, total_kib, rss_kib)
      SELECT s.id, t, 'host', 4194304, 2097152
      FROM generate_series($1::timestamptz, $1::timestamptz + interval '1 day' - interval '10 seconds', interval '10 seconds') AS t
      CROSS JOIN (SELECT id FROM servers ORDER BY id LIMIT $2) AS s
      ORDER BY t`, [day, RAW_SERVERS]);
  }
  const deleteStarted = performance.now();
  const { rowCount: deleted } = await sql.query("DELETE FROM memory_samples WHERE at >= $1 AND at < $2", [days[0], days[1]]);
  const deleteSeconds = (performance.now() - deleteStarted) / 1000;
  console.log(`deleting a day's ${deleted} raw samples by time (the floor): ${deleteSeconds.toFixed(1)} s`);

  const started = performance.now();
  const done = await runMemoryMaintenance({ now });
  console.log(`one maintenance run (${done.buckets} buckets and ${done.hours} hours rolled up, ${done.partitionsCreated} day partitions created, ${done.droppedDays.length} dropped, ${done.rollups} 5-minute and ${done.hourlyRollups} hourly roll-ups pruned): ${((performance.now() - started) / 1000).toFixed(1)} s, ${((performance.now() - started) / 1000 / deleteSeconds).toFixed(2)}× the floor`);

  await sql.query("ANALYZE memory_samples, memory_rollups, memory_rollups_hourly");
  const { rows: sizes } = await sql.query<{ name: string; bytes: string; rows: string }>(`
    SELECT relname AS name, pg_total_relation_size(oid)::text AS bytes, greatest(reltuples, 0)::bigint::text AS rows
    FROM pg_class WHERE relname IN ('memory_rollups', 'memory_rollups_hourly') OR relname ~ '^memory_samples_p[0-9]{8}$' ORDER BY relname`);
  for (const size of sizes) console.log(`${size.name}: ${size.rows} rows, ${mib(size.bytes)} with indexes`);
  const { rows: [total] } = await sql.query<{ bytes: string }>("SELECT pg_database_size(current_database())::text AS bytes");
  console.log(`pg_database_size: ${mib(total?.bytes ?? "0")}`);
} finally {
  await sql.end();
  await db().$disconnect();
  await database.drop();
}
