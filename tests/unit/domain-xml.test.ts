import { readFileSync } from "node:fs";
import path from "node:path";
import { XMLSerializer, type Element } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { disableBalloon, domainSummary, enableBalloon, isBallooning, parseDomainXml, pendingChanges, readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { HypervisorError } from "@/lib/hypervisor/errors.ts";

// Domain XML shapes as libvirt and virt-install write them (tests/fixtures/domain-xml): the edits
// must change the balloon and currentMemory and nothing else.

const fixture = (name: string) => readFileSync(path.join("tests", "fixtures", "domain-xml", `${name}-in.xml`), "utf8");

const KVM_FIXTURES = [
  "minimal-kvm", "dumpxml-virtio-stats", "libvirt-docs-example", "balloon-none",
  "live-virtio-autodeflate", "ballooned-down-gib", "virt-install-qemu-commandline",
] as const;
const LXC = fixture("lxc-container");

/** The kind of HypervisorError a call throws, or what else it threw. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof HypervisorError ? error.kind : `${String(error)} (not a HypervisorError)`;
  }
  return "no error";
}

function elements(xml: string, tag: string): Element[] {
  const list = parseDomainXml(xml).getElementsByTagName(tag);
  const found: Element[] = [];
  for (let i = 0; i < list.length; i++) found.push(list.item(i) as Element);
  return found;
}

const balloonOf = (xml: string) => elements(xml, "memballoon")[0];
const attributeNames = (element: Element | undefined) => Array.from(element?.attributes ?? [], (attribute) => attribute.name).sort();

/** The document with memballoon and currentMemory (and the indentation before them) taken out. */
function withoutMemorySettings(xml: string): string {
  const doc = parseDomainXml(xml);
  for (const tag of ["memballoon", "currentMemory"]) {
    const list = doc.getElementsByTagName(tag);
    for (let element = list.item(0); element; element = list.item(0)) {
      const before = element.previousSibling;
      if (before && before.nodeType === before.TEXT_NODE && !before.nodeValue?.trim()) before.parentNode?.removeChild(before);
      element.parentNode?.removeChild(element);
    }
  }
  return new XMLSerializer().serializeToString(doc);
}

describe("readBalloon", () => {
  it.each([
    ["minimal-kvm", { model: "absent", statsPeriod: null }],
    ["dumpxml-virtio-stats", { model: "virtio", statsPeriod: 10, autodeflate: false, freePageReporting: false }],
    ["libvirt-docs-example", { model: "absent", statsPeriod: null }],
    ["balloon-none", { model: "none", statsPeriod: null }],
    ["live-virtio-autodeflate", { model: "virtio", statsPeriod: 5, autodeflate: true, freePageReporting: true }],
    ["ballooned-down-gib", { model: "virtio", statsPeriod: null }],
    ["virt-install-qemu-commandline", { model: "absent", statsPeriod: null }],
  ])("reads the balloon of %s", (name, expected) => {
    expect(readBalloon(fixture(name))).toMatchObject({ supported: true, ...expected });
  });

  it("reports LXC domains as having no balloon to manage", () => {
    expect(readBalloon(LXC)).toEqual({ supported: false });
    expect(isBallooning(readBalloon(LXC))).toBe(false);
  });

  it("counts a missing memballoon as ballooning, since libvirt then adds a virtio one", () => {
    expect(isBallooning(readBalloon(fixture("minimal-kvm")))).toBe(true);
    expect(isBallooning(readBalloon(fixture("balloon-none")))).toBe(false);
  });
});

describe("domainSummary", () => {
  it("reads name, uuid and virtualization", () => {
    expect(domainSummary(fixture("dumpxml-virtio-stats"))).toMatchObject({ name: "fixture-dumpxml", uuid: "6d3f1c9e-2b1a-4c8e-9a61-0f2d7e5b4a10", virtualization: "kvm" });
    expect(domainSummary(fixture("minimal-kvm"))).toMatchObject({ uuid: null, currentMemoryKiB: 524288 });
    expect(domainSummary(LXC).virtualization).toBe("lxc");
  });

  it.each([
    ["", "524288", 524288], ["KiB", "524288", 524288], ["k", "1024", 1024], ["KB", "1024", 1000],
    ["MiB", "512", 524288], ["M", "512", 524288], ["MB", "1000", 976563], ["GiB", "4", 4194304],
    ["G", "2", 2097152], ["GB", "1", 976563], ["TiB", "1", 1073741824], ["b", "1073741824", 1048576], ["bytes", "2048", 2],
  ])("converts unit '%s' (%s) to KiB", (unit, value, kib) => {
    const xml = `<domain type='kvm'><name>u</name><memory${unit ? ` unit='${unit}'` : ""}>${value}</memory></domain>`;
    expect(domainSummary(xml)).toMatchObject({ memoryKiB: kib, currentMemoryKiB: kib });
  });

  it("reads a ballooned-down domain's memory and currentMemory in KiB", () => {
    expect(domainSummary(fixture("ballooned-down-gib"))).toMatchObject({ memoryKiB: 4194304, currentMemoryKiB: 3145728 });
  });
});

describe("disableBalloon", () => {
  it.each(KVM_FIXTURES)("gives %s a childless <memballoon model='none'/> and currentMemory = memory", (name) => {
    const disabled = disableBalloon(fixture(name));
    const balloons = elements(disabled, "memballoon");
    expect(balloons).toHaveLength(1);
    expect(attributeNames(balloons[0])).toEqual(["model"]);
    expect(balloons[0]?.getAttribute("model")).toBe("none");
    expect(balloons[0]?.childNodes.length).toBe(0);
    const { memoryKiB, currentMemoryKiB } = domainSummary(disabled);
    expect(currentMemoryKiB).toBe(memoryKiB);
  });

  it("writes currentMemory in the memory element's unit", () => {
    const [current] = elements(disableBalloon(fixture("ballooned-down-gib")), "currentMemory");
    expect([current?.getAttribute("unit"), current?.textContent]).toEqual(["GiB", "4"]);
  });

  it("pins currentMemory to a memory element that has no unit (KiB)", () => {
    const xml = `<domain type='kvm'><name>n</name><memory>524288</memory><currentMemory unit='MiB'>256</currentMemory><devices/></domain>`;
    expect(domainSummary(disableBalloon(xml))).toMatchObject({ memoryKiB: 524288, currentMemoryKiB: 524288 });
  });

  it.each(KVM_FIXTURES)("is idempotent on %s", (name) => {
    const once = disableBalloon(fixture(name));
    expect(disableBalloon(once)).toBe(once);
  });

  it("returns a domain already disabled byte-for-byte", () => {
    expect(disableBalloon(fixture("balloon-none"))).toBe(fixture("balloon-none"));
  });
});

describe("enableBalloon", () => {
  it.each(KVM_FIXTURES)("gives %s a virtio balloon with <stats period='10'/> by default", (name) => {
    const balloon = balloonOf(enableBalloon(fixture(name)));
    expect(balloon?.getAttribute("model")).toBe("virtio");
    expect(elements(enableBalloon(fixture(name)), "stats").map((stats) => stats.getAttribute("period"))).toEqual(["10"]);
    expect(attributeNames(balloon)).toEqual(["model"]);
  });

  it("uses the stats period it is given", () => {
    expect(readBalloon(enableBalloon(fixture("balloon-none"), { statsPeriod: 30 }))).toMatchObject({ model: "virtio", statsPeriod: 30 });
  });

  it.each([["dumpxml-virtio-stats", "0x00:0x05"], ["live-virtio-autodeflate", "0x00:0x03"]])("keeps the balloon's PCI address in %s", (name, busSlot) => {
    const addresses = balloonOf(enableBalloon(fixture(name), { statsPeriod: 15 }))?.getElementsByTagName("address");
    expect(addresses?.length).toBe(1);
    expect(`${addresses?.item(0)?.getAttribute("bus")}:${addresses?.item(0)?.getAttribute("slot")}`).toBe(busSlot);
  });

  it("sets autodeflate and freePageReporting only when asked", () => {
    const asked = readBalloon(enableBalloon(fixture("minimal-kvm"), { autodeflate: true, freePageReporting: true }));
    expect(asked).toMatchObject({ autodeflate: true, freePageReporting: true });
    expect(attributeNames(balloonOf(enableBalloon(fixture("minimal-kvm"), { autodeflate: true })))).toEqual(["autodeflate", "model"]);
  });

  it.each(KVM_FIXTURES)("is idempotent on %s", (name) => {
    const once = enableBalloon(fixture(name), { statsPeriod: 7, autodeflate: true });
    expect(enableBalloon(once, { statsPeriod: 7, autodeflate: true })).toBe(once);
  });

  it("returns a domain already in the asked state byte-for-byte", () => {
    expect(enableBalloon(fixture("dumpxml-virtio-stats"))).toBe(fixture("dumpxml-virtio-stats"));
    const live = fixture("live-virtio-autodeflate");
    expect(enableBalloon(live, { statsPeriod: 5, autodeflate: true, freePageReporting: true })).toBe(live);
  });

  it.each([0, 1.5, -10, Number.NaN])("refuses a stats period of %s", (statsPeriod) => {
    expect(refusal(() => enableBalloon(fixture("minimal-kvm"), { statsPeriod }))).toBe("invalid_argument");
  });
});

describe("editing keeps every other element, attribute and comment", () => {
  const edits = { disable: (xml: string) => disableBalloon(xml), enable: (xml: string) => enableBalloon(xml, { statsPeriod: 20, autodeflate: true }) };

  it.each(KVM_FIXTURES.flatMap((name) => (["disable", "enable"] as const).map((edit) => [edit, name] as const)))("%s on %s", (edit, name) => {
    const xml = fixture(name);
    expect(withoutMemorySettings(edits[edit](xml))).toBe(withoutMemorySettings(xml));
  });

  it("keeps comments inside and before the domain element", () => {
    expect(disableBalloon(fixture("libvirt-docs-example"))).toContain("<!-- The first disk boots the guest; the CD-ROM is the installer. -->");
    expect(enableBalloon(fixture("balloon-none"))).toMatch(/^<!--\nWARNING: THIS IS AN AUTO-GENERATED FILE\./);
  });

  it("keeps the qemu:commandline block and the libosinfo metadata with their namespaces", () => {
    const edited = disableBalloon(fixture("virt-install-qemu-commandline"));
    expect(edited).toContain('xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0"');
    const doc = parseDomainXml(edited);
    const args = doc.getElementsByTagNameNS("http://libvirt.org/schemas/domain/qemu/1.0", "arg");
    expect([args.item(0)?.getAttribute("value"), args.item(1)?.getAttribute("value")]).toEqual(["-fw_cfg", "name=opt/com.example/token,string=fixture"]);
    const os = doc.getElementsByTagNameNS("http://libosinfo.org/xmlns/libvirt/domain/1.0", "os").item(0);
    expect(os?.getAttribute("id")).toBe("http://debian.org/debian/12");
  });

  it("adds a missing memballoon as the last device, indented like its siblings", () => {
    expect(disableBalloon(fixture("minimal-kvm"))).toMatch(/listen="127.0.0.1"\/>\n {4}<memballoon model="none"\/>\n {2}<\/devices>/);
    expect(enableBalloon(fixture("virt-install-qemu-commandline"))).toMatch(
      /<\/rng>\n {4}<memballoon model="virtio">\n {6}<stats period="10"\/>\n {4}<\/memballoon>\n {2}<\/devices>/,
    );
  });

  it("adds <devices> to a domain that has none, indented like the domain's other children", () => {
    const xml = "<domain type='kvm'>\n  <name>bare</name>\n  <memory unit='KiB'>131072</memory>\n</domain>";
    const edited = disableBalloon(xml);
    expect(edited).toMatch(/<\/memory>\n {2}<devices>/);
    expect(readBalloon(edited)).toMatchObject({ model: "none" });
  });

  it("keeps XML metacharacters in names and attributes escaped", () => {
    const xml = `<domain type='kvm'><name>a&amp;b "q" 'r' &lt;s&gt;</name><memory>131072</memory><devices><disk><source file='/img/it&apos;s "x".qcow2'/></disk></devices></domain>`;
    const edited = disableBalloon(xml);
    expect(edited).toContain("a&amp;b");
    expect(edited).toContain("&lt;s&gt;");
    expect(domainSummary(edited).name).toBe(`a&b "q" 'r' <s>`);
    expect(elements(edited, "source")[0]?.getAttribute("file")).toBe(`/img/it's "x".qcow2`);
  });
});

describe("refusals", () => {
  it("refuses to edit the balloon of an LXC domain", () => {
    expect(refusal(() => disableBalloon(LXC))).toBe("invalid_argument");
    expect(refusal(() => enableBalloon(LXC))).toBe("invalid_argument");
  });

  it.each([
    ["empty input", ""],
    ["text that is not XML", "not xml"],
    ["an unclosed element", "<domain type='kvm'><name>x</name>"],
    ["mismatched tags", "<domain type='kvm'><name>x</nam></domain>"],
    ["a duplicated attribute", "<domain type='kvm' type='qemu'><name>x</name></domain>"],
    ["two root elements", "<domain type='kvm'/><domain type='kvm'/>"],
    ["an undefined entity", "<domain type='kvm'><name>&bogus;</name></domain>"],
    ["a bare ampersand", "<domain type='kvm'><name>a & b</name></domain>"],
    ["an unquoted attribute", "<domain type=kvm><name>x</name></domain>"],
  ])("refuses malformed XML: %s", (_, xml) => {
    for (const edit of [disableBalloon, enableBalloon, readBalloon, domainSummary]) expect(refusal(() => edit(xml))).toBe("invalid_argument");
  });

  it.each(["<network><name>default</name></network>", "<domainsnapshot><name>s</name></domainsnapshot>", "<capabilities/>"])("refuses a root other than <domain>: %s", (xml) => {
    expect(refusal(() => disableBalloon(xml))).toBe("invalid_argument");
    expect(refusal(() => readBalloon(xml))).toBe("invalid_argument");
  });
});

describe("pendingChanges (live against persistent XML)", () => {
  it.each([...KVM_FIXTURES, "lxc-container"])("is empty for identical XML (%s)", (name) => {
    expect(pendingChanges(fixture(name), fixture(name))).toEqual([]);
  });

  it("names the balloon and the stats period after a disable", () => {
    const live = fixture("dumpxml-virtio-stats");
    expect(pendingChanges(live, disableBalloon(live))).toEqual([
      { setting: "balloon", live: "virtio", next: "none" },
      { setting: "statsPeriod", live: "10", next: "none" },
    ]);
  });

  it("names memory after a memory change, and not a unit change", () => {
    const live = fixture("ballooned-down-gib");
    expect(pendingChanges(live, live.replace("<memory unit='GiB'>4</memory>", "<memory unit='GiB'>8</memory>"))).toEqual([
      { setting: "memory", live: "4194304", next: "8388608" },
    ]);
    expect(pendingChanges(live, live.replace("<memory unit='GiB'>4</memory>", "<memory unit='KiB'>4194304</memory>"))).toEqual([]);
  });

  it("ignores currentMemory, which follows the balloon in a running domain", () => {
    const live = fixture("live-virtio-autodeflate");
    expect(pendingChanges(live, live.replace("<currentMemory unit='KiB'>1572864</currentMemory>", "<currentMemory unit='KiB'>2097152</currentMemory>"))).toEqual([]);
  });

  it("treats a missing memballoon as the virtio one libvirt adds", () => {
    const persistent = fixture("minimal-kvm");
    expect(pendingChanges(persistent.replace("</devices>", "  <memballoon model='virtio'/>\n  </devices>"), persistent)).toEqual([]);
  });
});
