import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { FirstBootLogin } from "@/lib/actions/commands/reinstall.ts";
import { HOSTNAME } from "@/lib/actions/commands/reinstall.ts";

// The cloud-init NoCloud seed a reinstalled server reads on its first boot: `user-data` with its host
// name and the customer's login, `meta-data` with the instance id, in a small ISO labelled `cidata`.
// It is built with a tool from Debian's packages (cloud-localds, else genisoimage, else xorriso) in a
// private folder that is always removed. The key and the password hash are secrets of the customer's:
// no message here, error or otherwise, quotes them or the files holding them.

export type SeedContent = {
  /** The action's id: cloud-init runs its first-boot modules once per instance id. */
  instanceId: string;
  hostname?: string;
  login: FirstBootLogin;
};

const run = promisify(execFile);
const TOOL_TIMEOUT_MS = 60_000;

/** One public key line as OpenSSH writes it: type, base64 blob of that type, optional comment. */
const KEY_LINE = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) ([A-Za-z0-9+/]+={0,2})(?: ([\x20-\x7e]{1,1024}))?$/;
const PASSWORD_HASH = /^\$6\$[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{86}$/;

export class SeedRefusal extends Error {
  override readonly name = "SeedRefusal";
}

/**
 * Checks the key again on the node, whatever the dashboard checked: one line, a known type, and a
 * base64 blob that names that same type (as every OpenSSH public key blob begins with its type).
 */
export function assertSshPublicKey(key: string): string {
  const trimmed = key.trim();
  const match = KEY_LINE.exec(trimmed);
  if (!match) throw new SeedRefusal("The SSH key is not one OpenSSH public key line (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp… or sk-…).");
  const [, type = "", blob = ""] = match;
  const bytes = Buffer.from(blob, "base64");
  const length = bytes.length >= 4 ? bytes.readUInt32BE(0) : -1;
  if (length !== type.length || bytes.subarray(4, 4 + length).toString("latin1") !== type) {
    throw new SeedRefusal("The SSH key's data does not match its type: it is not a valid public key.");
  }
  return trimmed;
}

/**
 * `#cloud-config` followed by JSON, which is valid YAML: every value is a JSON string, so nothing in
 * a key's comment or anywhere else can start a YAML document, key or tag of its own.
 */
export function userData({ hostname, login }: Omit<SeedContent, "instanceId">): string {
  const config: Record<string, unknown> = {};
  if (hostname !== undefined) Object.assign(config, { hostname: assertHostname(hostname), preserve_hostname: false });
  if ("sshKey" in login) {
    // The distribution's default user gets the key, and so does root (disable_root: false), which
    // is how the customer logs in to a server the dashboard installed.
    Object.assign(config, { disable_root: false, ssh_authorized_keys: [assertSshPublicKey(login.sshKey)], ssh_pwauth: false });
  } else {
    if (!PASSWORD_HASH.test(login.passwordHash)) throw new SeedRefusal("The root password's hash is not a SHA-512 crypt hash.");
    Object.assign(config, {
      users: ["default", { name: "root", hashed_passwd: login.passwordHash, lock_passwd: false }],
      disable_root: false,
      ssh_pwauth: true,
      // Debian's and Ubuntu's sshd refuse root passwords by default (prohibit-password); the password
      // the customer was shown is for root. set_passwords restarts sshd after write_files has run.
      write_files: [{ path: "/etc/ssh/sshd_config.d/10-vps-root-login.conf", content: "PermitRootLogin yes\n", permissions: "0644" }],
    });
  }
  return `#cloud-config\n${JSON.stringify(config, null, 2)}\n`;
}

/** NoCloud's meta-data, JSON as well. */
export function metaData({ instanceId, hostname }: Pick<SeedContent, "instanceId" | "hostname">): string {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(instanceId)) throw new SeedRefusal("The instance id is not a plain id.");
  return `${JSON.stringify({ "instance-id": instanceId, ...(hostname === undefined ? {} : { "local-hostname": assertHostname(hostname) }) }, null, 2)}\n`;
}

function assertHostname(hostname: string): string {
  if (!HOSTNAME.test(hostname)) throw new SeedRefusal("The host name is not one DNS label of lower-case letters, digits and hyphens.");
  return hostname;
}

/** The ISO tools tried in order; each writes `output` from the folder's user-data and meta-data. */
const TOOLS: { binary: string; args: (output: string, dir: string) => string[] }[] = [
  { binary: "cloud-localds", args: (output, dir) => [output, path.join(dir, "user-data"), path.join(dir, "meta-data")] },
  { binary: "genisoimage", args: (output, dir) => ["-quiet", "-output", output, "-volid", "cidata", "-joliet", "-rock", path.join(dir, "user-data"), path.join(dir, "meta-data")] },
  {
    binary: "xorriso",
    args: (output, dir) => ["-as", "mkisofs", "-quiet", "-output", output, "-volid", "cidata", "-joliet", "-rock", path.join(dir, "user-data"), path.join(dir, "meta-data")],
  },
];

/**
 * Builds the seed ISO in a private temporary folder (0700, files 0600) and hands its path to `upload`
 * (which uploads it); the folder is removed afterwards, whatever happened.
 */
export async function withFirstBootSeed<T>(content: SeedContent, upload: (isoPath: string) => Promise<T>): Promise<T> {
  const files = { "user-data": userData(content), "meta-data": metaData(content) };
  const dir = await mkdtemp(path.join(os.tmpdir(), "first-boot-seed-")); // mkdtemp makes it 0700
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text, { mode: 0o600 });
    const iso = path.join(dir, "seed.iso");
    await buildIso(iso, dir);
    return await upload(iso);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function buildIso(output: string, dir: string): Promise<void> {
  for (const tool of TOOLS) {
    try {
      await run(tool.binary, tool.args(output, dir), { timeout: TOOL_TIMEOUT_MS, killSignal: "SIGKILL" });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      // The tool's own words name files and options, never their contents.
      const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim().slice(0, 500);
      throw new Error(`${tool.binary} could not build the first-boot seed${stderr ? `: ${stderr}` : ""}`);
    }
  }
  throw new Error("No tool to build the first-boot seed is installed on the node: apt-get install cloud-image-utils (or genisoimage, or xorriso)");
}
