import { readFileSync, statSync } from "node:fs";
import util from "node:util";
import type { Hypervisor } from "@/lib/hypervisor/types.ts";
import { isPoolName } from "@/lib/hypervisor/validation.ts";
import { createLineLog } from "@/lib/observability/line-log.ts";
import { DEFAULT_CONCURRENCY, runAgent } from "./agent.ts";
import { AGENT_VERSION } from "./version.ts";

// The host agent's command line, the same for `npm run agent` (scripts/agent.ts) and the bundled
// node agent (scripts/vps-agent.ts). Each setting comes from its option, else from its environment
// variable, else its default; `--env-file` fills in variables the environment does not set. The
// agent reads that file itself, rather than through `node --env-file`, because Node's flag must come
// before the script and so cannot be given to `./vps-agent.mjs` or through `npm run agent --`.
// The token is read from the environment only (a command line shows in `ps`), taken out of it
// before virsh inherits it, and never printed: every line the agent writes is scrubbed of it.
// Its lines are JSON (the dashboard's fields, with `host`), or `[agent <host>] …` in a terminal:
// LOG_FORMAT and LOG_LEVEL choose, as for the dashboard. Usage errors stay plain text on stderr.

export type AgentProgram = {
  /** How usage names the command: "npm run agent --", "vps-agent.mjs". */
  name: string;
  /** The driver for a libvirt URI given by --uri or --lxc-uri; throws to refuse one. */
  connect: (uri: string) => Hypervisor;
};

const SETTINGS = {
  host: { variable: "AGENT_HOST", value: "<name>", help: "the host's name in the dashboard (required)" },
  uri: { variable: "AGENT_URI", value: "<uri>", help: "the node's libvirt URI, e.g. qemu:///system (required)" },
  "report-every": { variable: "AGENT_REPORT_EVERY", value: "<s>", fallback: "10", help: "seconds between reports of the domains' state and memory" },
  "shutdown-timeout": { variable: "AGENT_SHUTDOWN_TIMEOUT", value: "<s>", fallback: "120", help: "seconds a guest gets to shut down cleanly before it is stopped" },
  concurrency: { variable: "AGENT_CONCURRENCY", value: "<n>", fallback: String(DEFAULT_CONCURRENCY), help: "actions run at once, each for a different server" },
  "request-timeout": { variable: "AGENT_REQUEST_TIMEOUT", value: "<s>", fallback: "15", help: "seconds one call to the dashboard may take" },
  "lxc-uri": { variable: "AGENT_LXC_URI", value: "<uri>", help: "the node's container connection, when it is not --uri (lxc:///)" },
  "domain-type": { variable: "AGENT_DOMAIN_TYPE", value: "kvm|qemu", fallback: "kvm", help: "how new KVM servers are defined; qemu on a node without /dev/kvm" },
  "image-pool": { variable: "AGENT_IMAGE_POOL", value: "<pool>", fallback: "default", help: "the storage pool of the images' base volumes and the servers' disks" },
  "first-boot-grace": { variable: "AGENT_FIRST_BOOT_GRACE", value: "<s>", fallback: "120", help: "seconds at most a new server's first boot keeps its cloud-init seed" },
} as const;

type Setting = keyof typeof SETTINGS;

const DEFAULT_DASHBOARD_URL = "http://127.0.0.1:3000";
/** As package.json's engines say. */
const NODE_AT_LEAST = [20, 19] as const;

const usage = (name: string) => {
  const rows = Object.entries(SETTINGS).map(([option, setting]) => {
    const fallback = "fallback" in setting ? ` (${setting.fallback})` : "";
    return `  ${`--${option} ${setting.value}`.padEnd(26)}${setting.variable.padEnd(24)}${setting.help}${fallback}`;
  });
  return `Usage: AGENT_TOKEN=<host token> ${name} --host <name> --uri <libvirt uri> [options]
       ${name} --env-file /etc/vps-agent/agent.env

Each option may be set by the environment variable beside it instead; the option wins.
${rows.join("\n")}
  ${"--env-file <path>".padEnd(50)}sets the variables the environment does not, from KEY=value lines
  ${"--version".padEnd(50)}prints the agent's version

Environment:
  ${"AGENT_TOKEN".padEnd(50)}the host's token, from the dashboard's operator (required; never an option)
  ${"DASHBOARD_URL".padEnd(50)}where the dashboard is (${DEFAULT_DASHBOARD_URL})`;
};

/** Runs the agent as its command line says, until SIGINT or SIGTERM; exits 2 when the configuration is wrong. */
export async function runAgentCommand(program: AgentProgram, args: string[] = process.argv.slice(2)): Promise<never> {
  const fail = (problem: string): never => {
    console.error(`${problem}\n\n${usage(program.name)}`);
    process.exit(2);
  };
  // util is imported whole so that an older Node.js, without util.parseEnv, gets this sentence rather than a link error.
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  if (major < NODE_AT_LEAST[0] || (major === NODE_AT_LEAST[0] && minor < NODE_AT_LEAST[1])) {
    console.error(`The agent needs Node.js ${NODE_AT_LEAST.join(".")} or later; this is ${process.version}.`);
    process.exit(2);
  }
  const values = parseCommandLine(args, fail);
  if (values.help) {
    console.log(usage(program.name));
    process.exit(0);
  }
  if (values.version) {
    console.log(AGENT_VERSION);
    process.exit(0);
  }
  const envFileWarning = values["env-file"] ? loadEnvFile(values["env-file"], fail) : null;

  // virsh, and whatever else the agent starts, inherits its environment: the token is not theirs.
  const token = process.env.AGENT_TOKEN;
  delete process.env.AGENT_TOKEN;
  const setting = (name: Setting): string | undefined => {
    const definition = SETTINGS[name];
    return values[name] || process.env[definition.variable] || ("fallback" in definition ? definition.fallback : undefined);
  };
  const host = setting("host");
  const uri = setting("uri");
  if (!host || !uri || !token) return fail("--host, --uri and AGENT_TOKEN are required");

  const seconds = (name: "report-every" | "shutdown-timeout" | "request-timeout") => {
    const value = Number(setting(name));
    if (!Number.isFinite(value) || value <= 0) fail(`--${name} (${SETTINGS[name].variable}) takes a number of seconds above 0`);
    return value * 1000;
  };
  const concurrency = Number(setting("concurrency"));
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 200) fail("--concurrency (AGENT_CONCURRENCY) takes a whole number from 1 to 200");
  const domainType = setting("domain-type");
  if (domainType !== "kvm" && domainType !== "qemu") return fail("--domain-type (AGENT_DOMAIN_TYPE) is kvm or qemu");
  const imagePool = setting("image-pool") ?? "default";
  if (!isPoolName(imagePool)) fail("--image-pool (AGENT_IMAGE_POOL) takes a storage pool's name: letters, digits, '.', '_' and '-'");
  const firstBootGrace = Number(setting("first-boot-grace"));
  if (!Number.isFinite(firstBootGrace) || firstBootGrace < 0) fail("--first-boot-grace (AGENT_FIRST_BOOT_GRACE) takes a number of seconds, 0 or more");
  const baseUrl = process.env.DASHBOARD_URL || DEFAULT_DASHBOARD_URL;
  const dashboard = dashboardUrl(baseUrl, fail);
  const lxcUri = setting("lxc-uri");
  const connect = (libvirtUri: string) => {
    try {
      return program.connect(libvirtUri);
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  };
  const hypervisor = connect(uri);
  const lxcHypervisor = lxcUri ? connect(lxcUri) : undefined;

  const log = createLineLog({ name: "agent", base: { host }, scrub: (line) => line.replaceAll(token, "[token]") });
  if (envFileWarning) log(envFileWarning, { level: "warn" });
  if (dashboard.protocol === "http:" && !isLoopback(dashboard.hostname)) {
    log(`warning: ${dashboard.origin} is plain HTTP: the host's token crosses the network unencrypted`, { level: "warn" });
  }
  const controller = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (!controller.signal.aborted) log(`${signal}: stopping once the actions under way are finished`);
      controller.abort();
    });
  }
  log(`version ${AGENT_VERSION}`, { version: AGENT_VERSION });
  await runAgent({
    baseUrl,
    token,
    hypervisor,
    lxcHypervisor,
    template: { domainType },
    reportEveryMs: seconds("report-every"),
    shutdownTimeoutMs: seconds("shutdown-timeout"),
    imagePool,
    firstBootGraceMs: firstBootGrace * 1000,
    requestTimeoutMs: seconds("request-timeout"),
    concurrency,
    signal: controller.signal,
    log,
  });
  process.exit(0);
}

function parseCommandLine(args: string[], fail: (problem: string) => never) {
  const options = Object.fromEntries(Object.keys(SETTINGS).map((option) => [option, { type: "string" as const }])) as Record<Setting, { type: "string" }>;
  try {
    return util.parseArgs({ args, options: { ...options, "env-file": { type: "string" }, help: { type: "boolean" }, version: { type: "boolean" } } }).values;
  } catch (error) {
    // Node's message repeats a stray argument, which may be a token given where it does not belong.
    if ((error as NodeJS.ErrnoException).code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return fail("Only options are taken, each as --name value");
    return fail(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Sets the variables of a file of KEY=value lines (`#` comments) that the environment does not set:
 * a variable given to the process wins, as with `node --env-file` and systemd's Environment=. Answers
 * a warning for the log when others than its owner may read the token in it.
 */
function loadEnvFile(file: string, fail: (problem: string) => never): string | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return fail(`Cannot read the env file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const variables = util.parseEnv(text);
  for (const [name, value] of Object.entries(variables)) {
    if (process.env[name] === undefined && value !== undefined) process.env[name] = value;
  }
  const mode = statSync(file).mode & 0o777;
  return "AGENT_TOKEN" in variables && mode & 0o077
    ? `warning: ${file} holds the host's token and others than its owner may read it (mode ${mode.toString(8)}): chmod 600 ${file}`
    : null;
}

function dashboardUrl(text: string, fail: (problem: string) => never): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`DASHBOARD_URL is not a URL: ${text}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") fail(`DASHBOARD_URL must be http:// or https:// (got ${url.protocol})`);
  return url;
}

const isLoopback = (hostname: string) => hostname === "localhost" || hostname === "[::1]" || /^127\./.test(hostname);
