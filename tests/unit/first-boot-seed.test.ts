import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assertSshPublicKey, metaData, SeedRefusal, userData, withFirstBootSeed } from "@/lib/agent/first-boot-seed.ts";
import { sshPublicKey } from "../support/ssh-keys.ts";

// The cloud-init seed's files read as cloud-init reads them, with PyYAML's safe_load (Debian's
// python3-yaml): whatever the key's comment or the host name holds, it stays one string value and
// adds no key of its own.

const parseYaml = (text: string): unknown =>
  JSON.parse(execFileSync("python3", ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))"], { input: text, encoding: "utf8" }));

const HASH = `$6$saltsalt$${"a".repeat(86)}`;
const cloudConfig = (text: string) => {
  expect(text.startsWith("#cloud-config\n")).toBe(true);
  return parseYaml(text) as Record<string, unknown>;
};

describe("the seed's user-data", () => {
  it("gives the host name, and the key to root and the default user, with password logins off", () => {
    const key = sshPublicKey("ada@laptop");
    expect(cloudConfig(userData({ hostname: "web-1", login: { sshKey: key } }))).toStrictEqual({
      hostname: "web-1",
      preserve_hostname: false,
      disable_root: false,
      ssh_authorized_keys: [key],
      ssh_pwauth: false,
    });
  });

  it("sets root's password from its hash, unlocked, and lets root log in with it over SSH", () => {
    const config = cloudConfig(userData({ hostname: "db", login: { passwordHash: HASH } }));
    expect(config).toMatchObject({
      hostname: "db",
      users: ["default", { name: "root", hashed_passwd: HASH, lock_passwd: false }],
      ssh_pwauth: true,
      write_files: [{ path: "/etc/ssh/sshd_config.d/10-vps-root-login.conf", content: "PermitRootLogin yes\n" }],
    });
    expect(JSON.stringify(config)).not.toContain("ssh_authorized_keys");
  });

  it("keeps a hostile key comment one string: no YAML key, document or tag escapes it", () => {
    const comment = `x"\n}\nruncmd: [rm -rf /]\n--- !!python/object ' : # {{`;
    const hostile = sshPublicKey(comment.replace(/[\n]/g, " "));
    const config = cloudConfig(userData({ login: { sshKey: hostile } }));
    expect(config.ssh_authorized_keys).toStrictEqual([hostile]);
    expect(Object.keys(config).sort()).toStrictEqual(["disable_root", "ssh_authorized_keys", "ssh_pwauth"]);
  });

  it("refuses a key spread over lines, of an unknown type, or whose data is not of its type", () => {
    const key = sshPublicKey();
    const [type, blob] = key.split(" ");
    for (const bad of [
      `${key}\nruncmd: [reboot]`,
      `ssh-dss ${blob}`,
      `ssh-rsa ${blob}`, // an ed25519 blob under another type's name
      `${type} not*base64`,
      `${type}`,
      "",
      `${key} comment\twith a tab`,
    ]) {
      expect(() => assertSshPublicKey(bad), bad).toThrow(SeedRefusal);
    }
  });

  it("never quotes the key it refuses", () => {
    const secretish = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIsecret-part`;
    try {
      assertSshPublicKey(secretish);
      expect.fail("the key was taken");
    } catch (error) {
      expect(String(error)).not.toContain("secret-part");
      expect(String(error)).not.toContain("AAAAC3");
    }
  });

  it("refuses a host name that is not one DNS label, and a hash that is not SHA-512 crypt", () => {
    expect(() => userData({ hostname: "web\nruncmd: [x]", login: { passwordHash: HASH } })).toThrow(SeedRefusal);
    expect(() => userData({ hostname: "Web_1", login: { passwordHash: HASH } })).toThrow(SeedRefusal);
    expect(() => userData({ login: { passwordHash: "$1$md5$abc" } })).toThrow(SeedRefusal);
  });
});

describe("the seed's meta-data", () => {
  it("names the instance by the action and the local host name", () => {
    expect(parseYaml(metaData({ instanceId: "0b6c9c1e-4f35-4d2a-9f1e-8e0c7b8d9a10", hostname: "web-1" }))).toStrictEqual({
      "instance-id": "0b6c9c1e-4f35-4d2a-9f1e-8e0c7b8d9a10",
      "local-hostname": "web-1",
    });
    expect(parseYaml(metaData({ instanceId: "abc" }))).toStrictEqual({ "instance-id": "abc" });
  });
});

describe("the seed image", () => {
  it("is an ISO labelled cidata holding both files, built in a private folder that is gone afterwards", async () => {
    const before = new Set((await readdir(os.tmpdir())).filter((name) => name.startsWith("first-boot-seed-")));
    let folderMode = 0;
    const key = sshPublicKey();
    const read = await withFirstBootSeed({ instanceId: "i-1", hostname: "web-1", login: { sshKey: key } }, async (iso) => {
      folderMode = statSync(path.dirname(iso)).mode & 0o777;
      return {
        label: /^Volume id:\s*(.*)$/m.exec(execFileSync("isoinfo", ["-d", "-i", iso], { encoding: "utf8" }))?.[1],
        userData: execFileSync("isoinfo", ["-i", iso, "-R", "-x", "/user-data"], { encoding: "utf8" }),
        metaData: execFileSync("isoinfo", ["-i", iso, "-R", "-x", "/meta-data"], { encoding: "utf8" }),
      };
    });
    expect(folderMode).toBe(0o700);
    expect(read.label).toBe("cidata");
    expect(cloudConfig(read.userData)).toMatchObject({ hostname: "web-1", ssh_authorized_keys: [key] });
    expect(parseYaml(read.metaData)).toStrictEqual({ "instance-id": "i-1", "local-hostname": "web-1" });
    const after = (await readdir(os.tmpdir())).filter((name) => name.startsWith("first-boot-seed-") && !before.has(name));
    expect(after).toEqual([]);
  });

  it("removes its folder when the upload fails", async () => {
    const before = new Set((await readdir(os.tmpdir())).filter((name) => name.startsWith("first-boot-seed-")));
    await expect(
      withFirstBootSeed({ instanceId: "i-2", login: { passwordHash: HASH } }, () => Promise.reject(new Error("upload failed"))),
    ).rejects.toThrow("upload failed");
    expect((await readdir(os.tmpdir())).filter((name) => name.startsWith("first-boot-seed-") && !before.has(name))).toEqual([]);
  });
});
