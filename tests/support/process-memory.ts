import { readdirSync, readFileSync, readlinkSync } from "node:fs";

// The resident memory of a process (Linux /proc): now and at its peak, its own and its mapped files'.
// And which process listens on a local TCP port: the Next.js server under `npm start`'s launcher,
// which tests do not spawn themselves.

/** The id of the process that holds the listening socket of `port`, or null where /proc cannot tell. */
export function pidListeningOn(port: number): number | null {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let lines: string[];
    try {
      lines = readFileSync(table, "utf8").split("\n").slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT, st 0A is LISTEN, the inode is the tenth field.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === "0A" && fields[9]) inodes.add(fields[9]);
    }
  }
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      for (const fd of readdirSync(`/proc/${entry}/fd`)) {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        if (inodes.has(target.replace(/^socket:\[(\d+)\]$/, "$1"))) return Number(entry);
      }
    } catch {
      // A process that ended, or one of another user's: not ours.
    }
  }
  return null;
}

/** VmRSS of a process, in bytes. */
export function residentBytes(pid: number): number {
  return residentMemory(pid).resident;
}

export type ResidentMemory = {
  /** VmRSS: all of it, in bytes. */
  resident: number;
  /** RssAnon: the process's own (heap, stacks); what it adds to the machine. */
  anonymous: number;
  /** RssFile: pages of mapped files, the node binary's above all, shared with every process that maps them. */
  file: number;
  /** VmHWM: the most it was ever resident, as the kernel counted it. */
  peak: number;
};

export function residentMemory(pid: number): ResidentMemory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => {
    const value = new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(status)?.[1];
    if (value === undefined) throw new Error(`no ${name} for process ${pid}`);
    return Number(value) * 1024;
  };
  return { resident: field("VmRSS"), anonymous: field("RssAnon"), file: field("RssFile"), peak: field("VmHWM") };
}
