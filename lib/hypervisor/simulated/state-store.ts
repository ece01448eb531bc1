import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, rm, rmdir, stat, utimes } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { HypervisorError } from "../errors.ts";
import { emptyState, stateSchema, type SimulatedState } from "./state-schema.ts";

// One simulated host's state in a JSON file, shared by every process that opens the host (the app,
// its host agent, a test injecting a fault). Readers never see a half-written file (write to a
// temporary file, then rename), and writers take turns under a lock directory so that two
// read-modify-write cycles never lose each other's change. Its holder keeps the lock fresh while it
// works, so only a dead holder's lock is ever taken for stale. The lock works on real time, not on
// the simulated clock: it is about real processes.

/** A lock untouched for this long was left by a process that died while holding it. */
const STALE_LOCK_MS = 5_000;
/** How often a holder touches its lock; a write may take longer than STALE_LOCK_MS (fsync on a busy disk). */
const REFRESH_LOCK_MS = 1_000;
/** Give up waiting for the lock after this long. */
const LOCK_WAIT_MS = 15_000;

const isErrno = (error: unknown, code: string) => error instanceof Error && (error as NodeJS.ErrnoException).code === code;

export class StateStore {
  private readonly lockDir: string;
  private folderReady: Promise<unknown> | undefined;

  constructor(readonly file: string) {
    this.lockDir = `${file}.lock`;
  }

  /** The state as last written; an empty host when the file does not exist yet. */
  async read(): Promise<SimulatedState> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (error) {
      if (isErrno(error, "ENOENT")) return emptyState();
      throw error;
    }
    const parsed = stateSchema.safeParse(parseJson(text));
    if (!parsed.success) {
      throw new HypervisorError("operation_failed", `The simulated host's state file ${this.file} is unreadable`, parsed.error.message);
    }
    return parsed.data;
  }

  /**
   * Reads the state, lets `change` modify it and writes it back, all under the lock. When `change`
   * throws, nothing is written and the error goes to the caller.
   */
  async update<T>(change: (state: SimulatedState) => T): Promise<T> {
    return this.withLock(async () => {
      const state = await this.read();
      const result = change(state);
      await this.write(state);
      return result;
    });
  }

  private async write(state: SimulatedState): Promise<void> {
    const temporary = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
    const handle = await open(temporary, "w");
    try {
      await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  private async withLock<T>(work: () => Promise<T>): Promise<T> {
    this.folderReady ??= mkdir(path.dirname(this.file), { recursive: true });
    await this.folderReady;
    const giveUpAt = Date.now() + LOCK_WAIT_MS;
    while (!(await this.tryLock())) {
      if (Date.now() > giveUpAt) {
        throw new HypervisorError("timeout", `Timed out waiting for the simulated host's state lock ${this.lockDir}`);
      }
      await sleep(5 + Math.random() * 15); // jitter, so waiting writers do not retry in lockstep
    }
    const touch = () => utimes(this.lockDir, new Date(), new Date()).catch(() => undefined);
    const refresh = setInterval(() => void touch(), REFRESH_LOCK_MS);
    try {
      return await work();
    } finally {
      clearInterval(refresh);
      await rmdir(this.lockDir).catch(() => undefined);
    }
  }

  /** mkdir is atomic: exactly one process creates the directory and holds the lock. */
  private async tryLock(): Promise<boolean> {
    try {
      await mkdir(this.lockDir);
      return true;
    } catch (error) {
      if (!isErrno(error, "EEXIST")) throw error;
      await this.breakStaleLock();
      return false;
    }
  }

  /**
   * Removes a lock whose holder died. Two waiters breaking the same stale lock at the same instant
   * could let a third writer in early; that needs a crash first and is accepted for a simulator.
   */
  private async breakStaleLock(): Promise<void> {
    try {
      const { mtimeMs } = await stat(this.lockDir);
      if (Date.now() - mtimeMs > STALE_LOCK_MS) await rmdir(this.lockDir);
    } catch (error) {
      if (!isErrno(error, "ENOENT")) throw error; // released meanwhile: simply try again
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
