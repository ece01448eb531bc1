// `npm run bench:hypervisor [-- --domains 200]`: what the hypervisor layer costs on real libvirt.
// 1. Memory statistics of N running QEMU domains: one `virsh domstats --balloon` call against one
//    `virsh dommemstat` call per domain (what a naive agent would do every few seconds).
// 2. The cost of a surgical balloon edit of one domain's XML (parse, edit, serialise).
// Needs libvirt (scripts/start-libvirt.sh) and about 40 MiB of RAM per domain.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { disableBalloon, enableBalloon } from "../lib/hypervisor/domain-xml.ts";
import { LibvirtHypervisor } from "../lib/hypervisor/libvirt/libvirt-hypervisor.ts";
import { runVirsh } from "../lib/hypervisor/libvirt/virsh.ts";
import { qemuDomainXml, removeDomain } from "../tests/support/libvirt.ts";

const URI = "qemu:///system";
const count = Number(process.argv[process.argv.indexOf("--domains") + 1]) || 200;
const hypervisor = new LibvirtHypervisor(URI, { timeoutMs: 120_000 });
const names = Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(4, "0")}`);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

async function statsBenchmark(): Promise<void> {
  console.log(`starting ${count} QEMU domains (16 MiB, no guest OS), each paused once started…`);
  // A guest with no OS spins in its firmware's boot loop; paused, it costs no CPU, and QEMU still
  // answers for its balloon, so the figures below measure libvirt rather than a saturated machine.
  await inBatches(names, async (name) => {
    await removeDomain(hypervisor, name);
    await hypervisor.defineXml(qemuDomainXml(name, { memoryKiB: 16_384 }));
    await hypervisor.start(name);
    await runVirsh(URI, ["suspend", "--domain", name]);
  });
  const oneCall: number[] = [];
  let reported = 0;
  for (let round = 0; round < 5; round++) {
    const [ms, stats] = await time(() => hypervisor.memoryStats());
    oneCall.push(ms);
    reported = stats.filter((entry) => entry.name.startsWith("bench-")).length;
  }
  const [perDomainMs] = await time(async () => {
    for (const name of names) await runVirsh(URI, ["dommemstat", "--domain", name]);
  });
  console.log(`memory stats of ${count} domains (${reported} reported):`);
  console.log(`  one domstats call:        ${median(oneCall).toFixed(1)} ms (median of 5)`);
  console.log(`  ${count} dommemstat calls:   ${perDomainMs.toFixed(1)} ms (${(perDomainMs / count).toFixed(1)} ms per domain)`);
  console.log(`  speed-up:                 ${(perDomainMs / median(oneCall)).toFixed(1)}x`);
}

function xmlEditBenchmark(): void {
  const xml = readFileSync("tests/fixtures/domain-xml/dumpxml-virtio-stats-in.xml", "utf8");
  const rounds = 2_000;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) enableBalloon(disableBalloon(xml));
  const perEdit = ((performance.now() - started) / (rounds * 2)) * 1000;
  console.log(`XML balloon edit (${xml.length} bytes of domain XML): ${perEdit.toFixed(0)} µs per edit (mean of ${rounds * 2})`);
}

/** Set-up and clean-up only: a few at a time, since QEMU takes a while to start each domain. */
async function inBatches(items: string[], work: (item: string) => Promise<void>, size = 8): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

try {
  xmlEditBenchmark();
  await statsBenchmark();
} finally {
  console.log("removing benchmark domains…");
  await inBatches(names, (name) => removeDomain(hypervisor, name));
}
