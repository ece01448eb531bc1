import { spawn, type ChildProcess } from "node:child_process";

// A terminal's Ctrl-C sends SIGINT to every process in its foreground process group. The launcher's
// children (Next.js, the host agents) run in groups of their own, so that the signal reaches the
// launcher alone and it stops them itself, each in its turn.

/** `command` in a process group of its own, its output on the launcher's, reading no terminal input. */
export function spawnInOwnGroup(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(command, args, { env, stdio: ["ignore", "inherit", "inherit"], detached: true });
}

/**
 * Stops `child` and whatever it started in its group (Next's build workers): SIGTERM, then SIGKILL
 * if it is still running after `graceMs`. Resolves once it has exited.
 */
export function stopGroup(child: ChildProcess, graceMs: number, onForce: () => void = () => undefined): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      onForce();
      signalGroup(child, "SIGKILL");
    }, graceMs);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    signalGroup(child, "SIGTERM");
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  // Without a pid the spawn failed; -0 would be the launcher's own group.
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}
