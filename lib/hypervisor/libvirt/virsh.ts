import { execFile, type ExecFileException } from "node:child_process";
import { HypervisorError } from "../errors.ts";

// Runs `virsh -c <uri> …` with an argument array (no shell) and a time-out, and turns libvirt's
// failures into typed errors that keep libvirt's own message.

export const DEFAULT_VIRSH_TIMEOUT_MS = 30_000;

export type VirshOptions = { timeoutMs?: number; binary?: string };

export function runVirsh(uri: string, args: string[], options: VirshOptions = {}): Promise<string> {
  const { timeoutMs = DEFAULT_VIRSH_TIMEOUT_MS, binary = process.env.VIRSH_BINARY ?? "virsh" } = options;
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      ["--quiet", "-c", uri, ...args],
      { timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LC_ALL: "C" } },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        reject(virshError(uri, args, error, stderr, timeoutMs));
      },
    );
  });
}

function virshError(uri: string, args: string[], error: ExecFileException, stderr: string, timeoutMs: number) {
  const command = args[0] ?? "";
  if (error.killed) {
    return new HypervisorError("unreachable", `libvirt at ${uri} did not answer "${command}" within ${timeoutMs} ms`);
  }
  if (error.code === "ENOENT") return new HypervisorError("unreachable", "virsh is not installed on this host");
  const message = libvirtMessage(stderr) || error.message;
  if (/failed to connect to the hypervisor|Failed to connect socket|Cannot recv data|End of file while reading data|no connection driver available/i.test(stderr)) {
    return new HypervisorError("unreachable", `Cannot reach libvirt at ${uri}: ${message}`, stderr.trim());
  }
  if (/Domain not found|failed to get domain|no domain with matching|Storage (pool|volume) not found|failed to get (pool|vol)|no storage (pool|vol) with matching/i.test(stderr)) {
    return new HypervisorError("not_found", message, stderr.trim());
  }
  if (/XML error|XML document failed to validate|unsupported configuration|invalid argument/i.test(stderr)) {
    return new HypervisorError("invalid_argument", message, stderr.trim());
  }
  return new HypervisorError("operation_failed", `virsh ${command} failed: ${message}`, stderr.trim());
}

/** libvirt's sentence without the "error: " prefixes, on one line. */
function libvirtMessage(stderr: string): string {
  return stderr
    .split("\n")
    .map((line) => line.replace(/^error:\s*/, "").trim())
    .filter(Boolean)
    .join(": ");
}
