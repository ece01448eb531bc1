import { DOMParser, XMLSerializer, type Element } from "@xmldom/xmldom";
import { parseDomainXml } from "./domain-xml.ts";
import { HypervisorError } from "./errors.ts";
import type { StorageVolume } from "./types.ts";

// The storage parts of libvirt's XML the agent reads: a volume's definition (`vol-dumpxml`), and the
// medium in a domain's removable drive. Same parser and the same surgical edits as domain-xml.ts.

function firstChild(parent: Element | null | undefined, tag: string): Element | null {
  for (let node = parent?.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE && (node as Element).tagName === tag) return node as Element;
  }
  return null;
}

const text = (element: Element | null) => element?.textContent?.trim() ?? "";

/** `virsh vol-dumpxml`: name, key, path, capacity in bytes, format and the backing volume's path. */
export function parseVolumeXml(xml: string): StorageVolume {
  let root: Element | null = null;
  try {
    root = new DOMParser({ onError: () => undefined }).parseFromString(xml, "text/xml").documentElement;
  } catch {
    root = null;
  }
  if (!root || root.tagName !== "volume") throw new HypervisorError("operation_failed", "libvirt answered no volume definition", xml.slice(0, 500));
  const target = firstChild(root, "target");
  const capacity = firstChild(root, "capacity");
  const unit = capacity?.getAttribute("unit") ?? "bytes";
  const capacityBytes = Number(text(capacity));
  if (unit !== "bytes" || !Number.isSafeInteger(capacityBytes)) {
    throw new HypervisorError("operation_failed", `libvirt gave a volume capacity the agent cannot read (${text(capacity)} ${unit})`);
  }
  const backing = firstChild(root, "backingStore");
  return {
    name: text(firstChild(root, "name")),
    key: text(firstChild(root, "key")),
    path: text(firstChild(target, "path")),
    capacityBytes,
    format: firstChild(target, "format")?.getAttribute("type") || null,
    backingPath: text(firstChild(backing, "path")) || null,
  };
}

function driveOf(xml: string, target: string) {
  const doc = parseDomainXml(xml);
  const devices = firstChild(doc.documentElement, "devices");
  for (let node = devices?.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== node.ELEMENT_NODE || (node as Element).tagName !== "disk") continue;
    const disk = node as Element;
    if (firstChild(disk, "target")?.getAttribute("dev") === target) return { doc, disk };
  }
  return { doc, disk: null };
}

/** The file in a domain's drive `target`; null when the drive is empty or absent. */
export function mediaIn(xml: string, target: string): string | null {
  const { disk } = driveOf(xml, target);
  return firstChild(disk, "source")?.getAttribute("file") || null;
}

/** The definition with drive `target` emptied (no <source>), as `change-media --eject` leaves it. */
export function withoutMedia(xml: string, target: string): string {
  const { doc, disk } = driveOf(xml, target);
  const source = firstChild(disk, "source");
  if (!disk || !source) return xml;
  const indent = source.previousSibling;
  if (indent && indent.nodeType === indent.TEXT_NODE && /^\s+$/.test(indent.nodeValue ?? "")) disk.removeChild(indent);
  disk.removeChild(source);
  return new XMLSerializer().serializeToString(doc);
}

/** The first hard disk of a domain (not a CD-ROM): its target (`vda`) and its file; null when it has none. */
export function firstDisk(xml: string): { target: string; file: string | null } | null {
  const doc = parseDomainXml(xml);
  const devices = firstChild(doc.documentElement, "devices");
  for (let node = devices?.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== node.ELEMENT_NODE || (node as Element).tagName !== "disk") continue;
    const disk = node as Element;
    // libvirt's default device is a disk.
    if ((disk.getAttribute("device") || "disk") !== "disk") continue;
    const target = firstChild(disk, "target")?.getAttribute("dev");
    if (target) return { target, file: firstChild(disk, "source")?.getAttribute("file") || null };
  }
  return null;
}
