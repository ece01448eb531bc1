import { verify } from "unixcrypt";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as reinstallRoute } from "@/app/api/v1/servers/[id]/actions/reinstall/route.ts";
import { GET as actionsRoute } from "@/app/api/v1/servers/[id]/actions/route.ts";
import { GET as activityRoute } from "@/app/api/v1/servers/[id]/activity/route.ts";
import type { ActionView } from "@/lib/contracts/actions.ts";
import type { ClaimedAction } from "@/lib/contracts/provider.ts";
import { db } from "@/lib/db/client.ts";
import { baseVolumes } from "@/lib/images/catalogue.ts";
import { hostnameFor } from "@/lib/servers/first-boot-login.ts";
import { createAgentHost, providerApi } from "@/tests/support/agents.ts";
import { createServer, customerAndOutsider } from "@/tests/support/factories.ts";
import { publicKeyLine } from "@/tests/support/ssh-keys.ts";
import { apiRequest, expectError, routeContext } from "@/tests/support/http.ts";

// How a customer logs in to a reinstalled server: their SSH public key, checked by the dashboard, or
// a root password generated and answered once. What the host agent needs goes into the action's
// params (the key, or the password's SHA-512 crypt hash) and is gone from them once the action ends;
// the password itself is stored nowhere.

type Headers = Record<string, string>;
let owner: Headers;
let ownerId: string;

beforeAll(async () => {
  ({ ownerId, owner } = await customerAndOutsider());
});

const reinstall = (id: string, body: unknown) =>
  reinstallRoute(
    apiRequest(`/api/v1/servers/${id}/actions/reinstall`, { method: "POST", headers: { "content-type": "application/json", ...owner }, body: JSON.stringify(body) }),
    routeContext({ id }),
  );

async function lxcServer({ imageVolumes }: { imageVolumes?: string[] | null } = {}) {
  const agent = await createAgentHost({ imageVolumes });
  const server = await createServer({ ownerId, hostId: agent.host.id, virtualization: "lxc", ballooningEnabled: false, diskGiB: 40 });
  return { server, agent };
}

const paramsOf = async (actionId: string) => (await db().action.findUniqueOrThrow({ where: { id: actionId } })).params as Record<string, unknown>;

/** Every text the database holds about the server: its actions, their steps, its audit events. */
async function storedText(serverId: string): Promise<string> {
  const actions = await db().action.findMany({ where: { serverId }, include: { steps: true } });
  const events = await db().auditEvent.findMany({ where: { serverId } });
  return JSON.stringify([actions, events], (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}

describe("the login a reinstalled server is given", () => {
  it("takes the customer's SSH key for cloud-init, with the server's name as host name and the plan's disk", async () => {
    const { server } = await lxcServer();
    const key = publicKeyLine({ type: "ed25519" });
    const response = await reinstall(server.id, { image: "debian-12", confirmName: server.name, login: { method: "ssh_key", publicKey: `  ${key}\n` } });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { action: ActionView; rootPassword?: string };
    expect(body.rootPassword).toBeUndefined();
    expect(await paramsOf(body.action.id)).toStrictEqual({ image: "debian-12", hostname: hostnameFor(server.name), diskGiB: 40, login: { sshKey: key } });
    // The audit trail says a key was chosen, never which.
    const [requested] = await db().auditEvent.findMany({ where: { serverId: server.id, kind: "server.reinstall_requested" } });
    expect(requested?.data).toMatchObject({ login: "ssh_key" });
    expect(JSON.stringify(requested?.data)).not.toContain(key.split(" ")[1]);
  });

  it("keeps a key's comment only when it is plain printable text", async () => {
    const { server } = await lxcServer();
    const key = publicKeyLine({ type: "ed25519" }, "x\u2028runcmd: [reboot]");
    const { action } = (await (await reinstall(server.id, { image: "debian-12", confirmName: server.name, login: { method: "ssh_key", publicKey: key } })).json()) as { action: ActionView };
    expect((await paramsOf(action.id)).login).toStrictEqual({ sshKey: key.split(" ").slice(0, 2).join(" ") });
  });

  it("takes ECDSA keys and RSA keys of 2048 bits and more", async () => {
    for (const key of [publicKeyLine({ type: "ec", curve: "P-256" }), publicKeyLine({ type: "rsa", bits: 2048 })]) {
      const { server } = await lxcServer();
      const response = await reinstall(server.id, { image: "debian-12", confirmName: server.name, login: { method: "ssh_key", publicKey: key } });
      expect(response.status).toBe(202);
    }
  });

  const refusals: [string, () => string, RegExp, Record<string, unknown>][] = [
    ["text that is no key", () => "not a key at all", /not an SSH public key/, { reason: "not_a_key" }],
    ["a truncated key", () => publicKeyLine({ type: "ed25519" }).slice(0, 40), /not an SSH public key/, { reason: "not_a_key" }],
    ["two keys on two lines", () => `${publicKeyLine({ type: "ed25519" })}\n${publicKeyLine({ type: "ed25519" })}`, /one key, on one line/, { reason: "several_lines" }],
    ["a private key on one line", () => "-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA -----END OPENSSH PRIVATE KEY-----", /private key/, { reason: "private_key" }],
    ["an RSA key of 1024 bits", () => publicKeyLine({ type: "rsa", bits: 1024 }), /1024 bits; at least 2048/, { reason: "too_short", keyType: "rsa", bits: 1024, minimumBits: 2048 }],
    ["a DSA key", () => publicKeyLine({ type: "dsa", bits: 1024 }), /type dsa are not accepted/, { reason: "type_not_accepted", keyType: "dsa" }],
  ];
  for (const [what, key, message, details] of refusals) {
    it(`refuses ${what} with a clear message and its reason, and queues nothing`, async () => {
      const { server } = await lxcServer();
      const error = await expectError(await reinstall(server.id, { image: "debian-12", confirmName: server.name, login: { method: "ssh_key", publicKey: key() } }), 422, "invalid_ssh_key");
      expect(error.message).toMatch(message);
      expect(error.details).toStrictEqual({ field: "login.publicKey", ...details });
      expect(await db().action.count({ where: { serverId: server.id } })).toBe(0);
      expect(await db().server.findUniqueOrThrow({ where: { id: server.id } })).toMatchObject({ virtualization: "lxc", status: "running" });
    });
  }

  it("answers a generated root password once, and keeps only its SHA-512 crypt hash, for the agent", async () => {
    const { server } = await lxcServer();
    const response = await reinstall(server.id, { image: "ubuntu-24.04", confirmName: server.name, login: { method: "generated_password" } });
    expect(response.status).toBe(202);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { action, rootPassword } = (await response.json()) as { action: ActionView; rootPassword?: string };
    expect(rootPassword).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    const params = await paramsOf(action.id);
    const hash = (params.login as { passwordHash: string }).passwordHash;
    expect(hash).toMatch(/^\$6\$[./A-Za-z0-9]{16}\$/);
    expect(verify(rootPassword ?? "", hash)).toBe(true);
    expect(await storedText(server.id)).not.toContain(rootPassword);
  });

  it("generates a password when the request does not say how to log in", async () => {
    const { server } = await lxcServer();
    const response = await reinstall(server.id, { image: "debian-12", confirmName: server.name });
    expect(response.status).toBe(202);
    expect(((await response.json()) as { rootPassword?: string }).rootPassword).toMatch(/^\S{20}$/);
  });

  it("forgets the login once the action has ended, and no answer about the action shows it", async () => {
    const { server, agent } = await lxcServer();
    const key = publicKeyLine({ type: "ed25519" });
    const queued = (await (await reinstall(server.id, { image: "debian-12", confirmName: server.name, login: { method: "ssh_key", publicKey: key } })).json()) as { action: ActionView };
    // The agent is handed the key with the action…
    const claimed = (await (await providerApi.claim(agent.headers, {})).json()) as { actions: ClaimedAction[] };
    expect(claimed.actions[0]?.params).toMatchObject({ login: { sshKey: key } });
    const lease = claimed.actions[0]?.lease.id ?? "";
    // …and once it has ended, the params hold everything but the login.
    const done = await providerApi.complete(queued.action.id, agent.headers, { lease, status: "error", error: { code: "rolled_back", message: "The new KVM server could not be started. Your server was left as it was, still running on LXC." } });
    expect(done.status).toBe(200);
    expect(await paramsOf(queued.action.id)).toStrictEqual({ image: "debian-12", hostname: hostnameFor(server.name), diskGiB: 40 });
    expect(await storedText(server.id)).not.toContain(key.split(" ")[1]);
    const keyBody = key.split(" ")[1] ?? "";
    for (const route of [actionsRoute, activityRoute]) {
      const path = route === actionsRoute ? "actions" : "activity";
      const answer = await route(apiRequest(`/api/v1/servers/${server.id}/${path}`, { headers: owner }), routeContext({ id: server.id }));
      expect(answer.status).toBe(200);
      expect(await answer.text()).not.toContain(keyBody);
    }
  });

  it("offers only the images whose base volume the server's host has", async () => {
    const [debian] = baseVolumes();
    const { server } = await lxcServer({ imageVolumes: [debian ?? ""] });
    const error = await expectError(await reinstall(server.id, { image: "ubuntu-24.04", confirmName: server.name, login: { method: "generated_password" } }), 422, "unknown_image");
    expect(error.message).toMatch(/not available on your server's host/);
    expect(error.details).toMatchObject({ choices: ["debian-12"] });
    expect(await db().action.count({ where: { serverId: server.id } })).toBe(0);
  });

  it("offers none while the host's agent has not reported its image pool", async () => {
    const { server } = await lxcServer({ imageVolumes: null });
    const error = await expectError(await reinstall(server.id, { image: "debian-12", confirmName: server.name, login: { method: "generated_password" } }), 422, "unknown_image");
    expect(error.details).toMatchObject({ choices: [] });
  });
});

describe("the server's host name", () => {
  it("is the server's name as one lower-case DNS label", () => {
    expect(hostnameFor("Web Frontend 01")).toBe("web-frontend-01");
    expect(hostnameFor("shop_app.example.com")).toBe("shop-app-example-com");
    expect(hostnameFor("Ünïcode—Säle")).toBe("unicode-sale");
    expect(hostnameFor("---")).toBe("server");
    expect(hostnameFor("a".repeat(80))).toHaveLength(63);
  });
});
