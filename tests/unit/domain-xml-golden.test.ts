import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withBallooning } from "@/lib/hypervisor/domain-xml.ts";
import { mediaIn, withoutMedia } from "@/lib/hypervisor/storage-xml.ts";
import { findImage } from "@/lib/images/catalogue.ts";

// Golden files, in the way virt-manager's tests pair an input with its expected output: for every
// shape of domain XML in tests/fixtures/domain-xml (`<shape>-in.xml`), the exact definition the host
// agent defines to switch ballooning off (`<shape>-disable-out.xml`) and on (`<shape>-enable-out.xml`).
// A change to the edits shows up here byte for byte. After a deliberate change, rewrite the outputs
// with UPDATE_GOLDEN=1 and read their diff before committing it.

const FOLDER = path.join("tests", "fixtures", "domain-xml");
const SHAPES = [
  "minimal-kvm",
  "dumpxml-virtio-stats",
  "libvirt-docs-example",
  "balloon-none",
  "live-virtio-autodeflate",
  "ballooned-down-gib",
  "virt-install-qemu-commandline",
  "reinstalled-with-seed",
] as const;

const read = (file: string) => readFileSync(path.join(FOLDER, file), "utf8");

describe.each(SHAPES)("the agent's edit of %s", (shape) => {
  it.each([
    ["disable", false],
    ["enable", true],
  ] as const)("to %s ballooning gives exactly the golden output", (direction, enabled) => {
    const output = withBallooning(read(`${shape}-in.xml`), enabled);
    const golden = `${shape}-${direction}-out.xml`;
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path.join(FOLDER, golden), output);
    expect(output).toBe(read(golden));
  });

  it("is stable: editing its own output again changes nothing", () => {
    for (const direction of ["disable", "enable"] as const) {
      const golden = read(`${shape}-${direction}-out.xml`);
      expect(withBallooning(golden, direction === "enable")).toBe(golden);
    }
  });
});

it("refuses to edit an LXC container, which has no balloon", () => {
  for (const enabled of [false, true]) expect(() => withBallooning(read("lxc-container-in.xml"), enabled)).toThrow(/LXC domains have no memory balloon/);
});

describe("a reinstalled server's first-boot seed", () => {
  const golden = (file: string, output: string) => {
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path.join(FOLDER, file), output);
    expect(output).toBe(read(file));
  };

  it("is a read-only SATA CD-ROM beside the overlay disk in the catalogue's definition", () => {
    const image = findImage("debian-12") ?? expect.fail("debian-12 is in the catalogue");
    const xml = image.domainXml(
      { name: "ct-101-kvm", memoryMiB: 2048, vcpus: 2, uuid: "6f1c2a9e-3b7d-4c55-9a0e-2d8f4b1c7e10" },
      { diskPath: "/var/lib/libvirt/images/ct-101-kvm.qcow2", seedPath: "/var/lib/libvirt/images/ct-101-kvm-seed.iso" },
    );
    golden("reinstalled-with-seed-in.xml", xml);
  });

  it("is ejected leaving the empty drive and everything else as it was", () => {
    const input = read("reinstalled-with-seed-in.xml");
    golden("reinstalled-with-seed-ejected-out.xml", withoutMedia(input, "sda"));
    expect(mediaIn(read("reinstalled-with-seed-ejected-out.xml"), "sda")).toBeNull();
    expect(mediaIn(read("reinstalled-with-seed-ejected-out.xml"), "vda")).toBe("/var/lib/libvirt/images/ct-101-kvm.qcow2");
    expect(withoutMedia(read("reinstalled-with-seed-ejected-out.xml"), "sda")).toBe(read("reinstalled-with-seed-ejected-out.xml"));
  });

  it("refuses a seed path that would leave its XML attribute", () => {
    const image = findImage("debian-12") ?? expect.fail("debian-12 is in the catalogue");
    expect(() => image.domainXml({ name: "ct-102-kvm", memoryMiB: 512, vcpus: 1 }, { seedPath: "/x'/><disk file='/etc/shadow" })).toThrow(/Refused seed path/);
  });
});
