import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

// Storage for tests on real libvirt: a directory pool in a temporary folder, made and removed with
// virsh as an operator would, and the small helpers that read what the reinstall left in it.

const virsh = (uri: string, ...args: string[]) => execFileSync("virsh", ["--quiet", "-c", uri, ...args], { encoding: "utf8", timeout: 30_000 });

export type TestPool = { name: string; folder: string; remove: () => Promise<void> };

/** A started directory pool on a fresh temporary folder (pool-define-as, pool-build, pool-start). */
export async function createTestPool(uri: string): Promise<TestPool> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "test-pool-"));
  const name = `t-pool-${randomBytes(3).toString("hex")}`;
  virsh(uri, "pool-define-as", "--name", name, "--type", "dir", "--target", folder);
  virsh(uri, "pool-build", name);
  virsh(uri, "pool-start", name);
  return {
    name,
    folder,
    remove: async () => {
      for (const args of [["pool-destroy", name], ["pool-undefine", name]]) {
        try {
          virsh(uri, ...args);
        } catch {
          // already gone
        }
      }
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** A small qcow2 base volume made with qemu-img, as a provider prepares a cloud image. */
export function createBaseVolume(uri: string, pool: TestPool, name: string, size = "64M"): string {
  const file = path.join(pool.folder, name);
  execFileSync("qemu-img", ["create", "-q", "-f", "qcow2", file, size]);
  virsh(uri, "pool-refresh", pool.name);
  return file;
}

/** `qemu-img info` of a disk image: its format, virtual size and backing file. */
export function qemuImgInfo(file: string): { format: string; "virtual-size": number; "backing-filename"?: string } {
  // -U: the image may be open in a running QEMU.
  return JSON.parse(execFileSync("qemu-img", ["info", "-U", "--output=json", file], { encoding: "utf8" })) as ReturnType<typeof qemuImgInfo>;
}

/** A file of an ISO 9660 image (Rock Ridge names), read with isoinfo. */
export function readIsoFile(iso: string, file: string): string {
  return execFileSync("isoinfo", ["-i", iso, "-R", "-x", file], { encoding: "utf8" });
}

export function isoVolumeId(iso: string): string {
  return /^Volume id:\s*(.*)$/m.exec(execFileSync("isoinfo", ["-d", "-i", iso], { encoding: "utf8" }))?.[1]?.trim() ?? "";
}

/** Copies a volume's bytes out through libvirt (vol-download). */
export function downloadVolume(uri: string, pool: string, volume: string, file: string): void {
  virsh(uri, "vol-download", "--pool", pool, "--vol", volume, "--file", file);
}

export function volumeNames(uri: string, pool: string): string[] {
  virsh(uri, "pool-refresh", pool);
  return virsh(uri, "vol-list", "--pool", pool)
    .split("\n")
    .map((line) => line.trim().split(/\s+/)[0] ?? "")
    .filter(Boolean)
    .sort();
}

