import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withBallooning } from "@/lib/hypervisor/domain-xml.ts";

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
