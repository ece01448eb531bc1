// `npm run bench:actions`: how quickly work reaches a host, and what an action costs beyond its steps.
// 1. PUT → claim: a customer changes ballooning over HTTP while an agent long-polls the claim route;
//    the time from sending the PUT to the agent holding the action, p50/p95 over 100 runs.
// 2. One apply_settings action on the simulated host with the real agent: total time against the sum
//    of its step times (the rest is the queue, the API round trips and the agent's reports).
// 3. Twenty servers on one simulated host restarted together, against one restart alone, with the
//    agent running one action at a time and at its default concurrency (twenty). Guests here
//    take the same 3 s to shut down, so that the only difference is how the agent schedules them.
// Runs its own dashboard (npm start's launcher) on a scratch database on 127.0.0.1:5432.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ProviderClient } from "../lib/agent/provider-client.ts";
import { DEFAULT_CONCURRENCY, runAgent } from "../lib/agent/agent.ts";
import { createApiToken } from "../lib/auth/api-tokens.ts";
import { db } from "../lib/db/client.ts";
import { migrateDatabase } from "../lib/db/migrate.ts";
import { issueAgentToken } from "../lib/hosts/agent-token.ts";
import { kvmDomainXml } from "../lib/hypervisor/domain-templates.ts";
import { createSimulatedHypervisor } from "../lib/hypervisor/simulated/simulated-hypervisor.ts";
import { hashPassword } from "../lib/auth/password.ts";
import { ADMIN_DATABASE_URL, createScratchDatabase } from "../tests/support/databases.ts";
import { startDashboard } from "../tests/support/dashboard-process.ts";

const RUNS = 100;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;

const database = await createScratchDatabase(ADMIN_DATABASE_URL, "bench");
const dataDir = await mkdtemp(path.join(os.tmpdir(), "bench-actions-"));
await chmod(dataDir, 0o755);
await migrateDatabase(database.url);
process.env.DATABASE_URL = database.url;
const app = await startDashboard({ DATABASE_URL: database.url, NEXTAUTH_SECRET: "bench", DASHBOARD_BUILTIN_AGENTS: "0", DASHBOARD_DATA_DIR: dataDir });

try {
  const owner = await db().user.create({ data: { email: "bench@example.test", name: "Bench", passwordHash: await hashPassword("x") } });
  // Its memory as the simulated node reports it, so disabling ballooning is admitted before any agent reports.
  const host = await db().host.create({ data: { name: "bench-host", hypervisorUri: "simulated:///bench-host", memoryKiB: 64n * 1024n * 1024n } });
  const server = await db().server.create({
    data: { ownerId: owner.id, hostId: host.id, name: "bench", domainName: "bench-1", virtualization: "kvm", memoryMiB: 2048, vcpus: 1, image: "debian-12", status: "running", observedBalloon: "virtio" },
  });
  const { token: apiToken } = await createApiToken({ userId: owner.id, name: "bench" });
  const agent = new ProviderClient(app.baseUrl, await issueAgentToken(host.name));
  const put = (enabled: boolean) =>
    fetch(`${app.baseUrl}/api/v1/servers/${server.id}/settings/ballooning`, {
      method: "PUT",
      headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
      body: JSON.stringify({ enabled }),
    });

  const latencies: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const enabled = run % 2 === 1;
    const claim = agent.claim({ max: 1, waitMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the agent is waiting before the customer acts
    const sent = performance.now();
    const answer = put(enabled);
    const [action] = await claim;
    latencies.push(performance.now() - sent);
    if ((await answer).status !== 202 || !action) throw new Error(`run ${run}: no action reached the agent`);
    await agent.complete(action.id, { lease: action.lease.id, status: "success", observed: { state: "running", balloon: enabled ? "virtio" : "none" } });
  }
  console.log(`PUT → claim over HTTP with LISTEN/NOTIFY (${RUNS} runs): p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);

  const simulator = createSimulatedHypervisor({ uri: host.hypervisorUri, dataDir });
  await simulator.defineXml(kvmDomainXml({ name: "bench-1", memoryMiB: 2048, vcpus: 1, ballooning: true }));
  await simulator.start("bench-1");
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // let the guest boot before its restart
  const stop = new AbortController();
  const running = runAgent({ baseUrl: app.baseUrl, token: await issueAgentToken(host.name), hypervisor: simulator, signal: stop.signal, log: () => undefined });
  const { action } = (await (await put(false)).json()) as { action: { id: string } };
  let finished;
  do {
    await new Promise((resolve) => setTimeout(resolve, 200));
    finished = await db().action.findUniqueOrThrow({ where: { id: action.id }, include: { steps: { orderBy: { position: "asc" } } } });
  } while (finished.status !== "success" && finished.status !== "error");
  stop.abort();
  await running;
  const total = (finished.finishedAt?.getTime() ?? 0) - finished.createdAt.getTime();
  const steps = finished.steps.map((step) => ({ name: step.name, status: step.status, ms: step.startedAt && step.finishedAt ? step.finishedAt.getTime() - step.startedAt.getTime() : 0 }));
  const sum = steps.reduce((all, step) => all + step.ms, 0);
  console.log(`apply_settings on the simulated host (${finished.status}):`);
  for (const step of steps) console.log(`  ${step.name.padEnd(18)} ${step.status.padEnd(8)} ${step.ms} ms`);
  console.log(`  total ${total} ms, steps ${sum} ms, overhead ${total - sum} ms (${((100 * (total - sum)) / total).toFixed(1)} %)`);

  await restartsTogether(owner.id, apiToken);
} finally {
  await db().$disconnect();
  await app.stop();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
}

/** Twenty restarts requested together on one host, against one alone, for a few agent concurrencies. */
async function restartsTogether(ownerId: string, apiToken: string): Promise<void> {
  const COUNT = 20;
  const host = await db().host.create({ data: { name: "bench-many", hypervisorUri: "simulated:///bench-many" } });
  const simulator = createSimulatedHypervisor({ uri: host.hypervisorUri, dataDir, timings: { shutdownMs: 3_000, bootMs: 500 } });
  const servers = [];
  for (let i = 1; i <= COUNT; i++) {
    const domainName = `many-${i}`;
    await simulator.defineXml(kvmDomainXml({ name: domainName, memoryMiB: 1024, vcpus: 1, ballooning: true }));
    await simulator.start(domainName);
    servers.push(
      await db().server.create({
        data: { ownerId, hostId: host.id, name: domainName, domainName, virtualization: "kvm", memoryMiB: 1024, vcpus: 1, image: "debian-12", status: "running", observedBalloon: "virtio" },
      }),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // the guests finish booting
  const token = await issueAgentToken(host.name);
  const restart = async (serverId: string) => {
    const response = await fetch(`${app.baseUrl}/api/v1/servers/${serverId}/actions/restart`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
      body: JSON.stringify({ mode: "graceful" }),
    });
    if (response.status !== 202) throw new Error(`restart answered ${response.status}`);
    return ((await response.json()) as { action: { id: string } }).action.id;
  };
  const allFinished = async (ids: string[]) => {
    for (;;) {
      const open = await db().action.count({ where: { id: { in: ids }, status: { in: ["queued", "running"] } } });
      if (open === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const timed = async (serverIds: string[]) => {
    const started = performance.now();
    await allFinished(await Promise.all(serverIds.map(restart)));
    return performance.now() - started;
  };

  console.log(`${COUNT} restarts on one simulated host requested together (guests take 3 s to shut down):`);
  for (const concurrency of [1, DEFAULT_CONCURRENCY]) {
    const stop = new AbortController();
    const agent = runAgent({ baseUrl: app.baseUrl, token, hypervisor: simulator, concurrency, claimWaitMs: 5_000, signal: stop.signal, log: () => undefined });
    const alone = await timed([servers[0]?.id ?? ""]);
    const together = await timed(servers.map((server) => server.id));
    stop.abort();
    await agent;
    const label = concurrency === DEFAULT_CONCURRENCY ? `${concurrency} (the default)` : `${concurrency} (one at a time)`;
    console.log(`  concurrency ${label.padEnd(16)} one alone ${(alone / 1000).toFixed(1)} s, all ${COUNT} ${(together / 1000).toFixed(1)} s: ${(together / alone).toFixed(2)}× one restart`);
  }
}
