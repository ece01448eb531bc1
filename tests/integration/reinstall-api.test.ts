import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as reinstallRoute } from "@/app/api/v1/servers/[id]/actions/reinstall/route.ts";
import { POST as restartRoute } from "@/app/api/v1/servers/[id]/actions/restart/route.ts";
import { PUT as ballooningRoute } from "@/app/api/v1/servers/[id]/settings/ballooning/route.ts";
import { GET as serverRoute } from "@/app/api/v1/servers/[id]/route.ts";
import { GET as memoryRoute } from "@/app/api/v1/servers/[id]/metrics/memory/route.ts";
import type { ActionView } from "@/lib/contracts/actions.ts";
import type { ClaimedAction } from "@/lib/contracts/provider.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { db } from "@/lib/db/client.ts";
import type { Virtualization } from "@/lib/db/generated/enums.ts";
import { domainSummary, readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { findImage, listImages } from "@/lib/images/catalogue.ts";
import { kvmDomainNameFor } from "@/lib/servers/reinstall-server.ts";
import type { ServerView } from "@/lib/contracts/servers.ts";
import { createAgentHost, providerApi } from "@/tests/support/agents.ts";
import { createServer, customerAndOutsider } from "@/tests/support/factories.ts";
import { apiRequest, bearer, expectError, fieldsNamed, routeContext } from "@/tests/support/http.ts";

type Headers = Record<string, string>;
type AgentHost = Awaited<ReturnType<typeof createAgentHost>>;
const STEPS = [
  "create_disk",
  "create_first_boot_seed",
  "define_kvm_domain",
  "start_kvm_domain",
  "verify_kvm_domain",
  "remove_first_boot_seed",
  "remove_lxc_domain",
  "switch_server_record",
];

const encode = (body: unknown) => (typeof body === "string" ? body : JSON.stringify(body));
const post = (route: typeof reinstallRoute, path: string, id: string, body: unknown, headers: Headers) =>
  route(apiRequest(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: encode(body) }), routeContext({ id }));
const reinstall = (id: string, body: unknown, headers: Headers = owner) => post(reinstallRoute, `/api/v1/servers/${id}/actions/reinstall`, id, body, headers);
const restart = (id: string, headers: Headers = owner) => post(restartRoute, `/api/v1/servers/${id}/actions/restart`, id, {}, headers);
const putBallooning = (id: string, body: unknown) =>
  ballooningRoute(apiRequest(`/api/v1/servers/${id}/settings/ballooning`, { method: "PUT", headers: owner, body: encode(body) }), routeContext({ id }));
const showServer = async (id: string) => {
  const response = await serverRoute(apiRequest(`/api/v1/servers/${id}`, { headers: owner }), routeContext({ id }));
  expect(response.status).toBe(200);
  return ((await response.json()) as { server: ServerView }).server;
};
const accepted = async (response: Response): Promise<ActionView> => {
  expect({ status: response.status, body: await response.clone().text() }).toMatchObject({ status: 202 });
  return ((await response.json()) as { action: ActionView }).action;
};

let owner: Headers; // a customer's session cookie with a same-site Origin
let outsider: Headers; // another customer
let ownerId: string;

beforeAll(async () => {
  ({ ownerId, owner, outsider } = await customerAndOutsider());
});

/** A server of the owner's on a host of its own, whose agent can claim exactly this test's actions. */
async function ownServer(virtualization: Virtualization = "lxc") {
  const agent = await createAgentHost();
  const server = await createServer({ ownerId, hostId: agent.host.id, virtualization, ballooningEnabled: virtualization === "kvm" });
  return { server, agent };
}
const actionsOf = (serverId: string) => db().action.findMany({ where: { serverId } });
const auditOf = (serverId: string) => db().auditEvent.findMany({ where: { serverId }, orderBy: { id: "asc" } });
const serverRow = (id: string) => db().server.findUniqueOrThrow({ where: { id } });

/** Nothing at all was written for the server: no action, no audit event, the row as it was. */
async function expectUnchanged(server: Awaited<ReturnType<typeof createServer>>) {
  expect(await actionsOf(server.id)).toEqual([]);
  expect(await auditOf(server.id)).toEqual([]);
  expect(await serverRow(server.id)).toStrictEqual(server);
}

describe("POST /api/v1/servers/{id}/actions/reinstall", () => {
  it("queues a reinstall of an LXC server with its eight named steps, and records who asked for it", async () => {
    const { server } = await ownServer();
    const action = await accepted(await reinstall(server.id, { image: "ubuntu-24.04", confirmName: server.name }));
    expect(action).toMatchObject({ serverId: server.id, command: "reinstall", status: "queued", progress: 0, error: null, startedAt: null, finishedAt: null });
    expect(action.steps).toStrictEqual(STEPS.map((name) => ({ name, status: "pending", startedAt: null, finishedAt: null })));
    const [row] = await actionsOf(server.id);
    expect(row).toMatchObject({ id: action.id, params: { image: "ubuntu-24.04" }, requestedBy: ownerId });
    const requested = (await auditOf(server.id)).filter((event) => event.kind === "server.reinstall_requested");
    expect(requested.map((event) => [event.actorId, event.data])).toStrictEqual([
      [ownerId, { actionId: action.id, image: "ubuntu-24.04", kvmDomain: `${server.domainName}-kvm`, login: "generated_password" }],
    ]);
    // Until the host has done it, the server is still the LXC one.
    expect(await serverRow(server.id)).toMatchObject({ virtualization: "lxc", domainName: server.domainName, image: server.image });
  });

  it("takes a personal API token without an Origin header", async () => {
    const { server } = await ownServer();
    const { token } = await createApiToken({ userId: ownerId, name: "reinstall" });
    expect((await accepted(await reinstall(server.id, { image: "debian-12", confirmName: server.name }, bearer(token)))).command).toBe("reinstall");
  });

  it("answers 409 when the typed name does not match exactly, and changes nothing", async () => {
    const { server } = await ownServer();
    for (const confirmName of ["", "wrong-name", server.name.toUpperCase(), ` ${server.name}`, `${server.name} `]) {
      const error = await expectError(await reinstall(server.id, { image: "debian-12", confirmName }), 409, "confirmation_mismatch");
      expect(error.message).toBe("The name you typed does not match the server's name.");
    }
    await expectUnchanged(server);
  });

  it("answers 422 unknown_image, with the images to choose from, for an image not in the catalogue, and changes nothing", async () => {
    const { server } = await ownServer();
    const error = await expectError(await reinstall(server.id, { image: "windows-95", confirmName: server.name }), 422, "unknown_image");
    expect(error.details).toMatchObject({ field: "image", choices: expect.arrayContaining(["debian-12"]) });
    await expectUnchanged(server);
  });

  it("answers 400 naming every malformed or unknown field", async () => {
    const { server } = await ownServer();
    expect(fieldsNamed(await expectError(await reinstall(server.id, {}), 400, "invalid_input"))).toStrictEqual(["confirmName", "image"]);
    expect(fieldsNamed(await expectError(await reinstall(server.id, { image: 12, confirmName: server.name, wipe: true }), 400, "invalid_input"))).toStrictEqual([
      "image",
      "wipe",
    ]);
    await expectError(await reinstall(server.id, "{not json"), 400, "invalid_input");
    await expectUnchanged(server);
  });

  it("answers 409 for a server that already runs on KVM, and changes nothing", async () => {
    const { server } = await ownServer("kvm");
    const error = await expectError(await reinstall(server.id, { image: "debian-12", confirmName: server.name }), 409, "already_on_kvm");
    expect(error.message).toMatch(/already runs on KVM/);
    await expectUnchanged(server);
  });

  it("answers 404 for someone else's server, an unknown id and a malformed id, revealing nothing", async () => {
    const { server } = await ownServer();
    const foreign = await expectError(await reinstall(server.id, { image: "debian-12", confirmName: server.name }, outsider), 404, "server_not_found");
    const unknown = await expectError(await reinstall(randomUUID(), { image: "debian-12", confirmName: server.name }), 404, "server_not_found");
    await expectError(await reinstall("not-a-uuid", { image: "debian-12", confirmName: server.name }), 404, "server_not_found");
    expect(foreign).toStrictEqual(unknown);
    // A foreign server is "not found" even when the request would otherwise be refused.
    await expectError(await reinstall(server.id, { image: "windows-95", confirmName: "x" }, outsider), 404, "server_not_found");
    await expectUnchanged(server);
  });

  it("answers 401 without credentials", async () => {
    const { server } = await ownServer();
    await expectError(await reinstall(server.id, { image: "debian-12", confirmName: server.name }, {}), 401, "unauthorized");
    await expectUnchanged(server);
  });

  it("queues one reinstall: a second request and a restart meanwhile answer 409 with its id", async () => {
    const { server } = await ownServer();
    const responses = await Promise.all(Array.from({ length: 10 }, () => reinstall(server.id, { image: "debian-12", confirmName: server.name })));
    const [action, ...others] = await actionsOf(server.id);
    expect(others).toEqual([]);
    expect(responses.map((response) => response.status).sort()).toStrictEqual([202, ...Array(9).fill(409)]);
    for (const response of responses.filter((candidate) => candidate.status === 409)) {
      expect((await expectError(response, 409, "action_in_progress")).details).toStrictEqual({ actionId: action?.id });
    }
    expect((await expectError(await restart(server.id), 409, "reinstall_in_progress")).details).toStrictEqual({ actionId: action?.id });
  });

  it("makes every image a KVM domain with ballooning on and its disk under DASHBOARD_IMAGE_DIR", () => {
    const before = process.env.DASHBOARD_IMAGE_DIR;
    try {
      for (const { id } of listImages()) {
        const image = findImage(id) ?? expect.fail(`${id} is in the catalogue`);
        process.env.DASHBOARD_IMAGE_DIR = "/srv/images/";
        const xml = image.domainXml({ name: "ct-7-kvm", memoryMiB: 2048, vcpus: 2 });
        expect(domainSummary(xml)).toMatchObject({ name: "ct-7-kvm", virtualization: "kvm", memoryKiB: 2048 * 1024 });
        expect(readBalloon(xml)).toMatchObject({ model: "virtio", statsPeriod: 10 });
        expect(xml).toContain("<source file='/srv/images/ct-7-kvm.qcow2'/>");
        expect(xml).toContain("<source network='default'/>");
        const other = image.domainXml({ name: "ct-7-kvm", memoryMiB: 2048, vcpus: 2 }, { domainType: "qemu", network: "br0", ballooning: false });
        expect([domainSummary(other).virtualization, readBalloon(other)]).toMatchObject(["kvm", { model: "none" }]);
        expect(other).toMatch(/<domain type="qemu">[\s\S]*<source network="br0"\/>/);
        expect(image.domainXml({ name: "ct-7-kvm", memoryMiB: 2048, vcpus: 2 }, { network: null })).not.toContain("<interface");
        process.env.DASHBOARD_IMAGE_DIR = "/srv/it's";
        expect(() => image.domainXml({ name: "ct-7-kvm", memoryMiB: 2048, vcpus: 2 })).toThrow(/DASHBOARD_IMAGE_DIR/);
      }
    } finally {
      if (before === undefined) delete process.env.DASHBOARD_IMAGE_DIR;
      else process.env.DASHBOARD_IMAGE_DIR = before;
    }
    expect(kvmDomainNameFor("ct-7")).toBe("ct-7-kvm");
    expect(() => kvmDomainNameFor("x".repeat(126))).toThrow(/Refused domain name/);
  });

  it("offers every image of the catalogue", async () => {
    expect(listImages()).toStrictEqual([
      { id: "debian-12", name: "Debian 12" },
      { id: "ubuntu-24.04", name: "Ubuntu 24.04 LTS" },
      { id: "almalinux-9", name: "AlmaLinux 9" },
    ]);
    for (const { id } of listImages()) {
      const { server } = await ownServer();
      await accepted(await reinstall(server.id, { image: id, confirmName: server.name }));
    }
  });
});

describe("ballooning on an LXC server", () => {
  it("answers 409 ballooning_unsupported pointing to the reinstall, which then queues", async () => {
    const { server } = await ownServer();
    const error = await expectError(await putBallooning(server.id, { enabled: true }), 409, "ballooning_unsupported");
    expect(error.message).toMatch(/LXC.*Reinstall it on KVM/s);
    await expectUnchanged(server);
    const action = await accepted(
      await reinstallRoute(
        apiRequest(`/api/v1/servers/${server.id}/actions/reinstall`, { method: "POST", headers: owner, body: JSON.stringify({ image: "debian-12", confirmName: server.name }) }),
        routeContext({ id: server.id }),
      ),
    );
    expect(action.command).toBe("reinstall");
    // While it is reinstalled, the answer is to wait for the reinstall, not to ask for one.
    expect((await expectError(await putBallooning(server.id, { enabled: true }), 409, "reinstall_in_progress")).details).toStrictEqual({ actionId: action.id });
  });
});

describe("completing a reinstall through the provider API", () => {
  /** Queues a reinstall and lets the host's agent claim it and report every step done. */
  async function runToTheEnd(agent: AgentHost, server: { id: string; name: string }, image = "almalinux-9") {
    const queued = await accepted(await reinstall(server.id, { image, confirmName: server.name }));
    const response = await providerApi.claim(agent.headers, {});
    const [claimed] = ((await response.json()) as { actions: ClaimedAction[] }).actions;
    expect(claimed).toMatchObject({ id: queued.id, command: "reinstall", params: { image }, server: { virtualization: "lxc" } });
    expect((await serverRow(server.id)).status).toBe("reinstalling");
    const lease = claimed?.lease.id ?? "";
    for (const [index, step] of STEPS.entries()) {
      expect((await providerApi.progress(queued.id, agent.headers, { lease, step, status: "done", progress: Math.round(((index + 1) / STEPS.length) * 100) })).status).toBe(200);
    }
    return { actionId: queued.id, lease };
  }

  it("switches the server to its KVM domain, with the image and ballooning on, when the action succeeds", async () => {
    const { server, agent } = await ownServer();
    const { actionId, lease } = await runToTheEnd(agent, server);
    const body = { lease, status: "success", observed: { state: "running", balloon: "virtio", pendingBalloon: "virtio" } };
    const response = await providerApi.complete(actionId, agent.headers, body);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { action: ActionView }).action).toMatchObject({ status: "success", progress: 100 });
    expect(await serverRow(server.id)).toMatchObject({
      virtualization: "kvm",
      domainName: kvmDomainNameFor(server.domainName),
      image: "almalinux-9",
      ballooningEnabled: true,
      observedBalloon: "virtio",
      observedNextBalloon: "virtio",
      status: "running",
    });
    expect(await showServer(server.id)).toMatchObject({
      virtualization: "kvm",
      image: "almalinux-9",
      ballooning: { supported: true, enabled: true, applied: true, pendingRestart: false },
    });
    const kinds = (await auditOf(server.id)).map((event) => event.kind);
    expect(kinds).toEqual(expect.arrayContaining(["server.reinstall_requested", "server.switched_to_kvm", "action.success"]));
    // The memory chart marks the move: from here on the figures are the guest's.
    const metrics = await memoryRoute(apiRequest(`/api/v1/servers/${server.id}/metrics/memory?range=1h`, { headers: owner }), routeContext({ id: server.id }));
    expect(((await metrics.json()) as { events: { kind: string }[] }).events.map((event) => event.kind)).toStrictEqual(["moved_to_kvm"]);

    // Completing again changes nothing, and the server is a KVM one from now on.
    expect((await providerApi.complete(actionId, agent.headers, body)).status).toBe(200);
    expect((await serverRow(server.id)).domainName).toBe(kvmDomainNameFor(server.domainName));
    await expectError(await reinstall(server.id, { image: "debian-12", confirmName: server.name }), 409, "already_on_kvm");
  });

  it("leaves the server on LXC when the action fails", async () => {
    const { server, agent } = await ownServer();
    const { actionId, lease } = await runToTheEnd(agent, server);
    const error = { code: "operation_failed", message: "The new KVM server could not be started." };
    const response = await providerApi.complete(actionId, agent.headers, { lease, status: "error", error, observed: { state: "running", balloon: null } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { action: ActionView }).action).toMatchObject({ status: "error", error });
    expect(await serverRow(server.id)).toMatchObject({ virtualization: "lxc", domainName: server.domainName, image: server.image, status: "running" });
    expect((await auditOf(server.id)).map((event) => event.kind)).not.toContain("server.switched_to_kvm");
  });

  it("does not switch anything when another command succeeds", async () => {
    const { server, agent } = await ownServer("kvm");
    const restarted = await accepted(await restart(server.id));
    const [claimed] = ((await (await providerApi.claim(agent.headers, {})).json()) as { actions: ClaimedAction[] }).actions;
    const body = { lease: claimed?.lease.id, status: "success", observed: { state: "running", balloon: "virtio" } };
    expect((await providerApi.complete(restarted.id, agent.headers, body)).status).toBe(200);
    expect(await serverRow(server.id)).toMatchObject({ virtualization: "kvm", domainName: server.domainName, image: server.image });
  });
});
