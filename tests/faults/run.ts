// `npm run faults`: the fault matrix. Real agents against the dashboard on the simulated host, with a
// fault injected at every step of apply_settings, restart and reinstall (agent SIGKILL, the provider
// API answering 503 or not at all, PostgreSQL restarting, libvirt failing for a moment or for good).
// Prints the table and the totals; exits 1 when any invariant was broken.
// --only <command>[:<where>[:<fault>]] runs part of it (e.g. --only reinstall:claim); --repeat <n> runs it n times.
import { parseArgs } from "node:util";
import { formatReport, runFaultMatrix, VIOLATIONS } from "./fault-matrix.ts";

const { values } = parseArgs({ options: { only: { type: "string", multiple: true }, repeat: { type: "string", default: "1" }, concurrency: { type: "string" } } });
const patterns = (values.only ?? []).map((pattern) => pattern.split(":"));
const only = patterns.length === 0 ? undefined : (scenario: { command: string; where: string; fault: string }) =>
  patterns.some(([command, where, fault]) => [command === scenario.command, !where || where === scenario.where, !fault || fault === scenario.fault].every(Boolean));

// The actions this process queues itself would each log a line amid the table: only warnings here.
process.env.LOG_LEVEL ??= "warn";

const started = Date.now();
const results = await runFaultMatrix({ only, repeat: Number(values.repeat), concurrency: values.concurrency ? Number(values.concurrency) : undefined, progress: (line) => console.log(line) });
console.log(formatReport(results));
console.log(`\n${results.length} scenarios in ${Math.round((Date.now() - started) / 1000)} s`);

const broken = results.filter((result) => !result.fired || Object.values(result.violations).some(Boolean));
for (const result of broken) {
  const what = Object.entries(result.violations).filter(([, violated]) => violated).map(([key]) => VIOLATIONS[key as keyof typeof VIOLATIONS]);
  console.log(`\n#${result.scenario.id} ${result.scenario.command} · ${result.scenario.where} · ${result.scenario.fault}: ended ${result.ended}; ${result.fired ? what.join("; ") : "the fault did not fire"}`);
  for (const line of result.log.slice(-40)) console.log(`  ${line}`);
}
// The plain closing line log readers look for: a scenario passes when its fault fired and no invariant broke.
console.log(`\nfaults: ${results.length - broken.length} passed, ${broken.length} failed`);
process.exit(broken.length > 0 ? 1 : 0);
