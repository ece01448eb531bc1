import * as fs from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { StateStore } from "@/lib/hypervisor/simulated/state-store.ts";

// A simulated host's state file is shared by every process that opens the host: two agents of one
// host, the app, a test. Its lock must hold for as long as its holder lives, however slow a write is
// (an fsync on a busy disk can take seconds); only a dead holder's lock may be taken for stale.

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return { ...actual, open: vi.fn(actual.open) };
});

let dataDir: string;

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(tmpdir(), "simulated-lock-"));
});

afterEach(async () => {
  vi.mocked(fs.open).mockReset();
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** The next file opened for writing takes `ms` to reach the disk. */
async function nextSyncTakes(ms: number) {
  const { open } = await vi.importActual<typeof import("node:fs/promises")>("node:fs/promises");
  vi.mocked(fs.open).mockImplementationOnce(async (...args: Parameters<typeof open>) => {
    const handle = await open(...args);
    const sync = handle.sync.bind(handle);
    return Object.assign(handle, { sync: async () => (await sleep(ms), sync()) });
  });
}

it("keeps a slow writer's lock, so another writer waits for it instead of overwriting it", { timeout: 20_000 }, async () => {
  const file = path.join(dataDir, "simulated", "host.json");
  const [slow, other] = [new StateStore(file), new StateStore(file)];
  await nextSyncTakes(6_500); // longer than a lock may go untouched before it counts as a dead holder's
  const first = slow.update((state) => void state.faults.push({ operation: "start", kind: "timeout", remaining: 1 }));
  await sleep(100);
  const second = other.update((state) => void state.faults.push({ operation: "destroy", kind: "timeout", remaining: 1 }));
  await Promise.all([first, second]);
  expect((await other.read()).faults.map((fault) => fault.operation)).toEqual(["start", "destroy"]);
});

it("takes over a lock its holder left behind when it died", async () => {
  const file = path.join(dataDir, "simulated", "host.json");
  // As a process killed while writing leaves it: the lock, untouched since.
  await fs.mkdir(`${file}.lock`, { recursive: true });
  const longAgo = new Date(Date.now() - 60_000);
  await fs.utimes(`${file}.lock`, longAgo, longAgo);
  const store = new StateStore(file);
  await store.update((state) => void state.faults.push({ operation: "start", kind: "timeout", remaining: 1 }));
  expect((await store.read()).faults).toHaveLength(1);
});
