import { readFileSync } from "node:fs";
import path from "node:path";
import { XMLSerializer } from "@xmldom/xmldom";
import { afterEach, describe, expect, it } from "vitest";
import { disableBalloon, domainSummary, enableBalloon, parseDomainXml, readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { HypervisorError } from "@/lib/hypervisor/errors.ts";
import { LibvirtHypervisor } from "@/lib/hypervisor/libvirt/libvirt-hypervisor.ts";
import { DOMAIN_TYPE, QEMU_URI, libvirtSkipReason, qemuDomainXml, removeDomain, uniqueDomainName } from "../support/libvirt.ts";

// The balloon edits applied through real libvirt (qemu:///system): libvirt must accept every
// edited definition, and what it gives back must read as the edit asked.

const EMULATOR = "/usr/bin/qemu-system-x86_64";
const KVM_FIXTURES = [
  "minimal-kvm", "dumpxml-virtio-stats", "libvirt-docs-example", "balloon-none",
  "live-virtio-autodeflate", "ballooned-down-gib", "virt-install-qemu-commandline",
];

const fixture = (name: string) => readFileSync(path.join("tests", "fixtures", "domain-xml", `${name}-in.xml`), "utf8");

/** The fixture under a fresh name, with this machine's domain type and emulator and no uuid. */
function forThisHost(xml: string, name: string): string {
  const doc = parseDomainXml(xml);
  const domain = doc.documentElement;
  if (!domain) throw new Error("no root element");
  domain.setAttribute("type", DOMAIN_TYPE);
  const only = (tag: string) => doc.getElementsByTagName(tag).item(0);
  const nameElement = only("name");
  if (nameElement) nameElement.textContent = name;
  const uuid = only("uuid");
  uuid?.parentNode?.removeChild(uuid);
  const emulator = only("emulator");
  if (emulator && emulator.textContent !== EMULATOR) emulator.textContent = EMULATOR;
  return new XMLSerializer().serializeToString(doc);
}

/** The kind of HypervisorError a call throws or rejects with, or what else happened. */
async function refusal(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return error instanceof HypervisorError ? error.kind : `${String(error)} (not a HypervisorError)`;
  }
  return "no error";
}

const skipReason = libvirtSkipReason();

describe.skipIf(skipReason !== null)(`balloon edits on real libvirt at ${QEMU_URI}${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const libvirt = new LibvirtHypervisor(QEMU_URI);
  const defined: string[] = [];

  afterEach(async () => {
    for (const name of defined.splice(0)) await removeDomain(libvirt, name);
  });

  it.each(KVM_FIXTURES)("defines %s with the balloon disabled, then enabled again from libvirt's own XML", async (label) => {
    const name = uniqueDomainName(label.slice(0, 20));
    defined.push(name);
    const original = forThisHost(fixture(label), name);

    expect(await libvirt.defineXml(disableBalloon(original))).toBe(name);
    const disabled = await libvirt.domainXml(name, "persistent");
    expect(readBalloon(disabled)).toMatchObject({ supported: true, model: "none", statsPeriod: null });
    const summary = domainSummary(disabled);
    expect(summary.currentMemoryKiB).toBe(summary.memoryKiB);
    expect(summary.memoryKiB).toBe(domainSummary(original).memoryKiB);

    expect(await libvirt.defineXml(enableBalloon(disabled, { statsPeriod: 7 }))).toBe(name);
    const enabled = await libvirt.domainXml(name, "persistent");
    expect(readBalloon(enabled)).toMatchObject({ supported: true, model: "virtio", statsPeriod: 7, autodeflate: false });
    expect(domainSummary(enabled).name).toBe(name);
  });

  it("keeps autodeflate and freePageReporting through libvirt when asked", async () => {
    const name = uniqueDomainName("flags");
    defined.push(name);
    await libvirt.defineXml(enableBalloon(forThisHost(fixture("minimal-kvm"), name), { autodeflate: true, freePageReporting: true }));
    expect(readBalloon(await libvirt.domainXml(name, "persistent"))).toMatchObject({
      model: "virtio",
      statsPeriod: 10,
      autodeflate: true,
      freePageReporting: true,
    });
  });

  it("keeps the qemu:commandline block through libvirt", async () => {
    const name = uniqueDomainName("cmdline");
    defined.push(name);
    await libvirt.defineXml(disableBalloon(forThisHost(fixture("virt-install-qemu-commandline"), name)));
    const args = parseDomainXml(await libvirt.domainXml(name, "persistent")).getElementsByTagNameNS("http://libvirt.org/schemas/domain/qemu/1.0", "arg");
    expect(args.item(0)?.getAttribute("value")).toBe("-fw_cfg");
  });
});

describe("names and URIs that never reach virsh", () => {
  // A virsh that does not exist: had the driver run it, the error would be "unreachable".
  const noVirsh = new LibvirtHypervisor(QEMU_URI, { binary: "/nonexistent/virsh-must-not-run" });

  it.each([
    ["a command separator", "x; rm -rf /"],
    ["a command substitution", "$(id)"],
    ["a quote", "a'b"],
    ["an option", "-c"],
    ["an inner newline", "a\nb"],
    ["a trailing newline", "t-name\n"],
    ["surrounding spaces", " t-name "],
  ])("refuses a domain name with %s in defineXml and domainState", async (_, name) => {
    expect(await refusal(() => noVirsh.defineXml(qemuDomainXml(name)))).toBe("invalid_argument");
    expect(await refusal(() => noVirsh.domainState(name))).toBe("invalid_argument");
  });

  it.each(["qemu:///system; id", "file:///etc/passwd", "qemu:///system --readonly", "$(id)", "qemu+ext:///system?command=/bin/sh"])(
    "refuses the libvirt URI %s",
    async (uri) => {
      expect(await refusal(() => new LibvirtHypervisor(uri))).toBe("invalid_argument");
    },
  );

  it("refuses an ssh URI whose command= parameter makes virsh run a local program", async () => {
    expect(await refusal(() => new LibvirtHypervisor("qemu+ssh://localhost/system?command=/tmp/evil"))).toBe("invalid_argument");
  });

  it.each([QEMU_URI, "lxc:///", "test+unix:///default", "qemu+ssh://root@node-1.example.net/system"])("accepts the libvirt URI %s", (uri) => {
    expect(new LibvirtHypervisor(uri).uri).toBe(uri);
  });
});
