import { spawn } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { runAgent } from "@/lib/agent/agent.ts";
import { isDatabaseUnavailable } from "@/lib/db/unavailable.ts";
import { supervise, type Supervised } from "@/lib/agent/supervisor.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { db } from "@/lib/db/client.ts";
import { issueAgentToken } from "@/lib/hosts/agent-token.ts";
import { kvmDomainXml, lxcDomainXml } from "@/lib/hypervisor/domain-templates.ts";
import { readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { createSimulatedHypervisor, type SimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import { baseVolumes, diskVolumeNameFor, kvmDomainNameFor, seedVolumeNameFor } from "@/lib/images/catalogue.ts";
import { reinstallServer } from "@/lib/servers/reinstall-server.ts";
import { restartServer } from "@/lib/servers/restart-server.ts";
import { setBallooning } from "@/lib/servers/set-ballooning.ts";
import type { FaultProxy, Interference, ProviderCall } from "./fault-proxy.ts";
import { expectedOutcome, HOST_FAULT_KIND, hostOperation, type Outcome, type Scenario } from "./scenarios.ts";

// One scenario of the fault matrix: a host of its own on the simulated hypervisor, a server with a
// running domain, the action queued as a customer would queue it, a real agent (a supervised process
// where it is to be killed, in this process otherwise) talking to the dashboard through the fault
// proxy, and the fault injected where the scenario says. Then the invariants are checked.

export type MatrixEnvironment = {
  proxy: FaultProxy;
  dataDir: string;
  owner: Actor;
  /** Restarts the dashboard's PostgreSQL; resolves once it is back. */
  restartPostgres: () => Promise<void>;
};

export type ScenarioResult = {
  scenario: Scenario;
  fired: boolean;
  /** How the action ended (its error code when it failed), or "stuck" when it had not ended in time. */
  ended: "success" | string;
  attempts: number;
  expected: Outcome;
  violations: { stuck: boolean; completedTwice: boolean; restartedTwice: boolean; leftDown: boolean; wrongState: boolean; unexpected: boolean };
  log: string[];
};

const FINISH_WITHIN_MS = 120_000;
const SIMULATED_NODE_MEMORY_KIB = 64n * 1024n * 1024n;
const AGENT_OPTIONS = { reportEvery: 60, shutdownTimeout: 2, requestTimeout: 1.5 };

export async function runScenario(scenario: Scenario, environment: MatrixEnvironment): Promise<ScenarioResult> {
  const { proxy, dataDir, owner } = environment;
  const log: string[] = [];
  const hostName = `fault-${scenario.id}-${Math.random().toString(36).slice(2, 6)}`;
  // Its memory as the simulated node reports it: the scenario's server is queued before the agent's first report.
  const host = await steady(() => db().host.create({ data: { name: hostName, hypervisorUri: `simulated:///${hostName}`, memoryKiB: SIMULATED_NODE_MEMORY_KIB, imageVolumes: baseVolumes() } }));
  const token = await steady(() => issueAgentToken(host.name));
  const simulator = createSimulatedHypervisor({ uri: host.hypervisorUri, dataDir });
  const server = await createServerWithDomain(scenario, { ownerId: owner.userId, hostId: host.id, simulator });
  const domain = server.domainName;
  const kvmDomain = scenario.command === "reinstall" ? kvmDomainNameFor(domain) : domain;
  // The forced stop only runs when the guest ignores the power button.
  if (scenario.where === "force_stop") await simulator.setGuestBehaviour(domain, { ignoresAcpi: true });
  const startsBefore = await simulator.startCount(domain);

  const actionId = await steady(() => queueAction(scenario, owner, server));
  let fired = false;
  // The fault is in place before the agent's first call.
  const agentRef: { kill?: () => void } = {};
  const interferer = interfererFor(scenario, environment, simulator, { domain, kvmDomain }, () => agentRef.kill?.(), () => (fired = true));
  proxy.interfere(token, (call) => {
    const interference = interferer(call);
    // What the dashboard was asked, for reading a failed scenario afterwards.
    if (call.kind !== "report") log.push(`proxy: ${JSON.stringify(call)}${interference ? ` → ${interference.mode}` : ""}`);
    return interference;
  });
  const agent: { stop: () => Promise<void>; kill?: () => void } =
    scenario.fault === "agent_killed" ? agentProcess(host, token, environment, log) : agentInProcess(host, token, environment, simulator, log);
  agentRef.kill = agent.kill;

  const finished = await waitForEnd(actionId);
  await agent.stop();
  proxy.interfere(token, undefined);
  await simulator.clearFaults();

  const action = await steady(() => db().action.findUniqueOrThrow({ where: { id: actionId } }));
  const ended = finished ? (action.status === "success" ? "success" : (action.errorCode ?? "error")) : "stuck";
  const expected = expectedOutcome(scenario);
  const [{ completions } = { completions: 0 }] = await steady(
    () => db().$queryRaw<{ completions: number }[]>`
      SELECT count(*)::int AS completions FROM audit_events WHERE kind IN ('action.success', 'action.error') AND data->>'actionId' = ${actionId}`,
  );
  const state = await endState(scenario, simulator, { domain, kvmDomain, startsBefore }, ended);
  state.wrong ??= await steady(() => recordState(scenario, server.id, ended));
  return {
    scenario,
    fired,
    ended,
    attempts: action.attempts,
    expected,
    violations: {
      stuck: !finished,
      completedTwice: completions > 1,
      restartedTwice: state.restartedTwice,
      leftDown: state.leftDown,
      wrongState: state.wrong !== null,
      unexpected: finished && ended !== expected,
    },
    log: state.wrong ? [...log, `state: ${state.wrong}`] : log,
  };
}

async function createServerWithDomain(scenario: Scenario, { ownerId, hostId, simulator }: { ownerId: string; hostId: string; simulator: SimulatedHypervisor }) {
  const lxc = scenario.command === "reinstall";
  const domainName = `${lxc ? "ct" : "vps"}-${scenario.id}`;
  const server = await steady(() => db().server.create({
    data: {
      ownerId,
      hostId,
      name: `fault-${scenario.id}`,
      domainName,
      virtualization: lxc ? "lxc" : "kvm",
      memoryMiB: 1024,
      vcpus: 1,
      image: "debian-12",
      status: "running",
      ballooningEnabled: !lxc,
      observedBalloon: lxc ? null : "virtio",
      ranWithBalloon: lxc ? null : "virtio",
    },
  }));
  const spec = { name: domainName, memoryMiB: 1024, vcpus: 1 };
  await simulator.defineXml(lxc ? lxcDomainXml(spec) : kvmDomainXml({ ...spec, ballooning: true }));
  await simulator.start(domainName);
  return server;
}

async function queueAction(scenario: Scenario, actor: Actor, server: { id: string; name: string }): Promise<string> {
  switch (scenario.command) {
    case "apply_settings": {
      const { action } = await setBallooning({ actor, serverId: server.id, enabled: false });
      if (!action) throw new Error("no action was queued");
      return action.id;
    }
    case "restart":
      return (await restartServer({ actor, serverId: server.id })).id;
    case "reinstall":
      return (await reinstallServer({ actor, serverId: server.id, image: "debian-12", confirmName: server.name })).action.id;
  }
}

/** Decides, call by call, where the scenario's fault strikes: once, at the first call that matches. */
function interfererFor(
  scenario: Scenario,
  { restartPostgres }: MatrixEnvironment,
  simulator: SimulatedHypervisor,
  names: { domain: string; kvmDomain: string },
  kill: () => void,
  markFired: () => void,
) {
  let done = false;
  const once = (interference: Interference): Interference => ({
    ...interference,
    fired: () => {
      done = true;
      markFired();
    },
  });
  const stepCall = (call: ProviderCall, status: "running" | "end") =>
    call.kind === "progress" && call.step === scenario.where && (status === "running" ? call.status === "running" : call.status === "done" || call.status === "skipped");

  // The agent's first report looks at every domain with the same libvirt calls the steps make: a
  // host fault in place while it runs could meet that look instead of the step it is aimed at.
  let firstReportSent = () => {};
  const firstReport = new Promise<void>((resolve) => (firstReportSent = resolve));

  return (call: ProviderCall): Interference | undefined => {
    if (call.kind === "report") firstReportSent();
    if (done) return undefined;
    const { where, fault } = scenario;
    if (where === "claim") {
      if (call.kind !== "claim") return undefined;
      return once(fault === "unavailable" ? { mode: "unavailable" } : { mode: "lose_answer", onlyWhenClaiming: true });
    }
    if (where === "complete") {
      if (call.kind !== "complete") return undefined;
      return once({ mode: fault === "unavailable" ? "unavailable" : "lose_answer" });
    }
    switch (fault) {
      case "agent_killed":
        // Killed as the step begins, its host work under way or about to be.
        return stepCall(call, "running") ? once({ mode: "pass", after: kill }) : undefined;
      case "unavailable_at_start":
        return stepCall(call, "running") ? once({ mode: "unavailable" }) : undefined;
      case "unavailable_at_end":
        return stepCall(call, "end") ? once({ mode: "unavailable" }) : undefined;
      case "answer_lost_at_end":
        return stepCall(call, "end") ? once({ mode: "lose_answer" }) : undefined;
      case "postgres_restart":
        return stepCall(call, "running") ? once({ mode: "pass", after: () => void restartPostgres() }) : undefined;
      case "libvirt_transient":
      case "libvirt_permanent": {
        if (!stepCall(call, "running") || scenario.where === "claim" || scenario.where === "complete") return undefined;
        const target = hostOperation(scenario.command, scenario.where);
        if (!target) return undefined;
        const { kind, times } = HOST_FAULT_KIND[fault];
        const domain = { server: names.domain, kvm: names.kvmDomain, kvm_disk: diskVolumeNameFor(names.kvmDomain), kvm_seed: seedVolumeNameFor(names.kvmDomain) }[target.on];
        // In place before the agent hears back, so the step's own call meets it; not before the first
        // report is in (or has had ten seconds), so no other call does.
        const inject = async () => {
          await Promise.race([firstReport, delay(10_000, undefined, { ref: false })]);
          await simulator.injectFault({ operation: target.operation, domain, kind, times });
        };
        return once({ mode: "pass", before: inject });
      }
      default:
        return undefined;
    }
  };
}

function agentInProcess(host: { hypervisorUri: string }, token: string, { proxy }: MatrixEnvironment, simulator: SimulatedHypervisor, log: string[]) {
  const stop = new AbortController();
  const running = runAgent({
    baseUrl: proxy.url,
    token,
    hypervisor: simulator,
    reportEveryMs: AGENT_OPTIONS.reportEvery * 1000,
    shutdownTimeoutMs: AGENT_OPTIONS.shutdownTimeout * 1000,
    requestTimeoutMs: AGENT_OPTIONS.requestTimeout * 1000,
    claimWaitMs: 2_000,
    signal: stop.signal,
    log: (line) => log.push(line),
  });
  return {
    stop: async () => {
      stop.abort();
      await running;
    },
  };
}

/** The real agent script under the launcher's own supervisor, so a killed agent is started again. */
function agentProcess(host: { name: string; hypervisorUri: string }, token: string, { proxy, dataDir }: MatrixEnvironment, log: string[]) {
  const args = [
    "--import",
    "tsx",
    "scripts/agent.ts",
    ...["--host", host.name, "--uri", host.hypervisorUri],
    ...["--report-every", String(AGENT_OPTIONS.reportEvery), "--shutdown-timeout", String(AGENT_OPTIONS.shutdownTimeout), "--request-timeout", String(AGENT_OPTIONS.requestTimeout)],
  ];
  const supervised: Supervised = supervise({
    name: `agent for ${host.name}`,
    spawn: () => {
      // Its lines as a terminal shows them, for the report of a scenario that went wrong.
      const logging = { LOG_FORMAT: "pretty", LOG_LEVEL: "info" };
      const child = spawn(process.execPath, args, { env: { ...process.env, ...logging, AGENT_TOKEN: token, DASHBOARD_URL: proxy.url, DASHBOARD_DATA_DIR: dataDir }, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout?.on("data", (chunk: Buffer) => log.push(...chunk.toString().trim().split("\n")));
      child.stderr?.on("data", (chunk: Buffer) => log.push(...chunk.toString().trim().split("\n")));
      return child;
    },
    log: (line) => log.push(line),
    firstDelayMs: 500,
  });
  return {
    stop: () => supervised.stop(10_000),
    kill: () => {
      if (supervised.pid) process.kill(supervised.pid, "SIGKILL");
    },
  };
}

async function waitForEnd(actionId: string): Promise<boolean> {
  const deadline = Date.now() + FINISH_WITHIN_MS;
  while (Date.now() < deadline) {
    const action = await steady(() => db().action.findUnique({ where: { id: actionId }, select: { status: true } }));
    if (action?.status === "success" || action?.status === "error") return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** The server on the host after the action: still running, restarted no more than needed, in the state its outcome says. */
async function endState(
  scenario: Scenario,
  simulator: SimulatedHypervisor,
  { domain, kvmDomain, startsBefore }: { domain: string; kvmDomain: string; startsBefore: number },
  ended: string,
): Promise<{ leftDown: boolean; restartedTwice: boolean; wrong: string | null }> {
  const names = new Set((await simulator.listDomains()).map((entry) => entry.name));
  if (scenario.command === "reinstall") {
    const running = ended === "success" ? kvmDomain : domain;
    const gone = ended === "success" ? domain : kvmDomain;
    const leftDown = !names.has(running) || (await simulator.domainState(running)) !== "running";
    const kvmStarts = names.has(kvmDomain) ? await simulator.startCount(kvmDomain) : 0;
    // The server's disk stays with a success and goes with anything else; the seed, which holds its
    // login, goes either way.
    const volumes = (await simulator.listVolumes("default")).map((volume) => volume.name);
    const [disk, seed] = [diskVolumeNameFor(kvmDomain), seedVolumeNameFor(kvmDomain)];
    const diskThere = volumes.includes(disk);
    // The first that holds, if any.
    const wrongs = [
      names.has(gone) && `${gone} is still defined`,
      diskThere !== (ended === "success") && `the disk ${disk} is ${diskThere ? "still there" : "missing"}`,
      volumes.includes(seed) && `the first-boot seed ${seed} is still there`,
    ];
    const found = wrongs.find((wrong) => wrong !== false);
    const wrong = found ? `${found} after a reinstall that ended in ${ended}` : null;
    return { leftDown, restartedTwice: kvmStarts > 1, wrong };
  }
  const leftDown = (await simulator.domainState(domain)) !== "running";
  const starts = (await simulator.startCount(domain)) - startsBefore;
  // A success restarts once; an undone change may have started the new definition, then the previous one.
  const restartedTwice = ended === "success" ? starts !== 1 : starts > (ended === "rolled_back" ? 2 : 1);
  const live = readBalloon(await simulator.domainXml(domain, "live"));
  const persistent = readBalloon(await simulator.domainXml(domain, "persistent"));
  const wanted = scenario.command === "apply_settings" && ended === "success" ? "none" : "virtio";
  const wrong = live.supported && persistent.supported && live.model === wanted && persistent.model === wanted ? null : `runs with ${JSON.stringify(live)}, defined ${JSON.stringify(persistent)}, expected ${wanted}`;
  return { leftDown, restartedTwice, wrong };
}

/** The server's record after the action: the customer's wish kept, and what the host runs. */
async function recordState(scenario: Scenario, serverId: string, ended: string): Promise<string | null> {
  const record = await db().server.findUniqueOrThrow({ where: { id: serverId } });
  const wanted =
    scenario.command === "reinstall"
      ? { virtualization: ended === "success" ? "kvm" : "lxc", status: "running" }
      : {
          ballooningEnabled: scenario.command !== "apply_settings",
          observedBalloon: scenario.command === "apply_settings" && ended === "success" ? "none" : "virtio",
          status: "running",
        };
  const actual = Object.fromEntries(Object.keys(wanted).map((key) => [key, record[key as keyof typeof record]]));
  return JSON.stringify(actual) === JSON.stringify(wanted) ? null : `the record says ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`;
}

/** Runs a database call again while PostgreSQL restarts under another scenario (up to a minute). */
async function steady<T>(call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
