import { DOMParser, XMLSerializer, type Document, type Element, type Node } from "@xmldom/xmldom";
import { HypervisorError } from "./errors.ts";
import type { DomainVirtualization } from "./types.ts";

// Pure functions on libvirt domain XML, done with a real XML parser. Edits are surgical, in the
// manner of virt-xml: parse, change the one element, serialise. Every other element, attribute and
// comment stays as it was, and an edit that changes nothing returns the input unchanged.

export type BalloonModel = "virtio" | "none" | "absent";

export type BalloonState =
  | { supported: false }
  | { supported: true; model: BalloonModel; statsPeriod: number | null; autodeflate: boolean; freePageReporting: boolean };

export type EnableOptions = {
  /** Seconds between guest memory reports; without it the guest reports no figures. */
  statsPeriod?: number;
  /** Let the guest deflate the balloon itself when it runs out of memory (host support needed). */
  autodeflate?: boolean;
  /** Let the guest report freed pages to the host (host support needed). */
  freePageReporting?: boolean;
};

export const DEFAULT_STATS_PERIOD = 10;

/**
 * Parses domain XML as strictly as libvirt's own parser (libxml2) does: xmldom recovers from some
 * errors that libvirt refuses (unquoted attributes, a bare "&"), so those are refused here too.
 */
export function parseDomainXml(xml: string): Document {
  let problem: string | undefined = bareAmpersand(xml);
  let doc: Document | undefined;
  try {
    doc = new DOMParser({
      onError: (_level, message) => {
        problem ??= message;
      },
    }).parseFromString(xml, "text/xml");
  } catch (error) {
    problem ??= error instanceof Error ? error.message : String(error);
  }
  const root = doc?.documentElement;
  if (problem || !doc || !root || root.tagName !== "domain") {
    throw new HypervisorError("invalid_argument", "Not a valid libvirt domain definition", problem ?? `root element <${root?.tagName ?? ""}>`);
  }
  return doc;
}

/** A "&" that starts no entity or character reference (outside comments and CDATA), which XML forbids. */
function bareAmpersand(xml: string): string | undefined {
  const content = xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, "");
  return /&(?!(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z_:][\w.:-]*);)/.test(content) ? 'a bare "&" (write &amp;)' : undefined;
}

const serialize = (doc: Document) => new XMLSerializer().serializeToString(doc);

function childElements(parent: Element, tag?: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE && (!tag || (node as Element).tagName === tag)) found.push(node as Element);
  }
  return found;
}

const firstChild = (parent: Element, tag: string): Element | undefined => childElements(parent, tag)[0];

function root(doc: Document): Element {
  const element = doc.documentElement;
  if (!element) throw new HypervisorError("invalid_argument", "Not a libvirt domain definition");
  return element;
}

export function domainVirtualization(doc: Document): DomainVirtualization {
  const type = root(doc).getAttribute("type");
  if (type === "lxc") return "lxc";
  return type === "kvm" || type === "qemu" || type === "test" ? "kvm" : "other";
}

const UNIT_TO_KIB: Record<string, number> = {
  b: 1 / 1024, bytes: 1 / 1024,
  kb: 1000 / 1024, k: 1, kib: 1,
  mb: 1e6 / 1024, m: 1024, mib: 1024,
  gb: 1e9 / 1024, g: 1024 ** 2, gib: 1024 ** 2,
  tb: 1e12 / 1024, t: 1024 ** 3, tib: 1024 ** 3,
};

/** A `<memory unit='…'>` figure in KiB (libvirt's default unit is KiB). */
function memoryKiB(element: Element | undefined): number | null {
  if (!element) return null;
  const factor = UNIT_TO_KIB[(element.getAttribute("unit") ?? "KiB").toLowerCase()];
  const value = Number(element.textContent?.trim());
  return factor === undefined || !Number.isFinite(value) ? null : Math.round(value * factor);
}

export type DomainSummary = {
  name: string;
  uuid: string | null;
  virtualization: DomainVirtualization;
  memoryKiB: number | null;
  currentMemoryKiB: number | null;
  /** `<vcpu>`: the virtual CPUs the domain is defined with. */
  vcpus: number | null;
};

function positiveInteger(text: string | null | undefined): number | null {
  const value = Number(text?.trim());
  return Number.isInteger(value) && value > 0 ? value : null;
}

export function domainSummary(xml: string): DomainSummary {
  const doc = parseDomainXml(xml);
  const domain = root(doc);
  return {
    // Exactly as written: libvirt does not trim names, so neither may their validation.
    name: firstChild(domain, "name")?.textContent ?? "",
    uuid: firstChild(domain, "uuid")?.textContent?.trim() ?? null,
    virtualization: domainVirtualization(doc),
    memoryKiB: memoryKiB(firstChild(domain, "memory")),
    currentMemoryKiB: memoryKiB(firstChild(domain, "currentMemory")) ?? memoryKiB(firstChild(domain, "memory")),
    vcpus: positiveInteger(firstChild(domain, "vcpu")?.textContent),
  };
}

function balloonElement(doc: Document): Element | undefined {
  const devices = firstChild(root(doc), "devices");
  return devices ? firstChild(devices, "memballoon") : undefined;
}

export function readBalloon(xml: string): BalloonState {
  const doc = parseDomainXml(xml);
  if (domainVirtualization(doc) === "lxc") return { supported: false };
  const balloon = balloonElement(doc);
  if (!balloon) return { supported: true, model: "absent", statsPeriod: null, autodeflate: false, freePageReporting: false };
  const period = Number(firstChild(balloon, "stats")?.getAttribute("period"));
  return {
    supported: true,
    model: balloon.getAttribute("model") === "none" ? "none" : "virtio",
    statsPeriod: Number.isInteger(period) && period > 0 ? period : null,
    autodeflate: balloon.getAttribute("autodeflate") === "on",
    freePageReporting: balloon.getAttribute("freePageReporting") === "on",
  };
}

/**
 * Whether the domain runs with a balloon. libvirt gives every QEMU domain a virtio balloon when
 * its XML names none, so "absent" counts as on.
 */
export function isBallooning(state: BalloonState): boolean {
  return state.supported && state.model !== "none";
}

function requireKvm(doc: Document): void {
  if (domainVirtualization(doc) === "lxc") {
    throw new HypervisorError("invalid_argument", "LXC domains have no memory balloon");
  }
}

/** `<memballoon model='none'/>` with no children, and currentMemory equal to memory. */
export function disableBalloon(xml: string): string {
  const doc = parseDomainXml(xml);
  requireKvm(doc);
  const before = serialize(doc);
  const balloon = balloonElement(doc) ?? appendDevice(doc, "memballoon");
  balloon.setAttribute("model", "none");
  for (const attribute of ["autodeflate", "freePageReporting"]) balloon.removeAttribute(attribute);
  while (balloon.firstChild) balloon.removeChild(balloon.firstChild);
  pinCurrentMemory(doc);
  return unchangedOr(xml, before, doc);
}

/** `<memballoon model='virtio'>` with a stats period, keeping its address and any other children. */
export function enableBalloon(xml: string, options: EnableOptions = {}): string {
  const { statsPeriod = DEFAULT_STATS_PERIOD, autodeflate = false, freePageReporting = false } = options;
  if (!Number.isInteger(statsPeriod) || statsPeriod < 1) {
    throw new HypervisorError("invalid_argument", `Invalid stats period: ${statsPeriod}`);
  }
  const doc = parseDomainXml(xml);
  requireKvm(doc);
  const before = serialize(doc);
  const balloon = balloonElement(doc) ?? appendDevice(doc, "memballoon");
  balloon.setAttribute("model", "virtio");
  setFlag(balloon, "autodeflate", autodeflate);
  setFlag(balloon, "freePageReporting", freePageReporting);
  const stats = firstChild(balloon, "stats") ?? appendChild(doc, balloon, "stats");
  stats.setAttribute("period", String(statsPeriod));
  return unchangedOr(xml, before, doc);
}

function setFlag(element: Element, name: string, on: boolean): void {
  if (on) element.setAttribute(name, "on");
  else element.removeAttribute(name);
}

function pinCurrentMemory(doc: Document): void {
  const domain = root(doc);
  const memory = firstChild(domain, "memory");
  const current = firstChild(domain, "currentMemory");
  if (!memory || !current) return; // without currentMemory, libvirt already uses memory
  if (memoryKiB(current) === memoryKiB(memory)) return;
  current.setAttribute("unit", memory.getAttribute("unit") ?? "KiB");
  current.textContent = memory.textContent;
}

/**
 * The input itself when the edit changed nothing, so repeated edits are byte-for-byte stable; else
 * the edited document, ending as the input did (the parser drops what follows the root element).
 */
function unchangedOr(original: string, serializedBefore: string, doc: Document): string {
  const edited = serialize(doc);
  if (edited === serializedBefore) return original;
  return edited.trimEnd() + (/\s*$/.exec(original)?.[0] ?? "");
}

function appendDevice(doc: Document, tag: string): Element {
  const domain = root(doc);
  const devices = firstChild(domain, "devices") ?? appendChild(doc, domain, "devices");
  return appendChild(doc, devices, tag);
}

/** Appends an element, indented like its siblings so the result still reads well. */
function appendChild(doc: Document, parent: Element, tag: string): Element {
  const element = doc.createElement(tag);
  const siblings = childElements(parent);
  const lastSibling = siblings[siblings.length - 1];
  const indent = lastSibling ? leadingWhitespace(lastSibling) : null;
  const parentIndent = leadingWhitespace(parent);
  if (lastSibling && indent !== null) {
    parent.insertBefore(doc.createTextNode(indent), lastSibling.nextSibling);
    parent.insertBefore(element, lastSibling.nextSibling?.nextSibling ?? null);
  } else if (!parent.firstChild && parentIndent !== null) {
    // The first child of an empty element (<stats> in a new <memballoon>): one level deeper, on its own line.
    parent.appendChild(doc.createTextNode(`${parentIndent}  `));
    parent.appendChild(element);
    parent.appendChild(doc.createTextNode(parentIndent));
  } else {
    parent.appendChild(element);
  }
  return element;
}

function leadingWhitespace(node: Node): string | null {
  const previous = node.previousSibling;
  return previous && previous.nodeType === previous.TEXT_NODE && /^\s+$/.test(previous.nodeValue ?? "") ? previous.nodeValue : null;
}

/**
 * The definition with ballooning on or off, as the host agent applies a customer's choice. Off is
 * disableBalloon. On leaves a balloon that is on and reports its figures exactly as it is (its stats
 * period and options may be the operator's choice); anything else gets enableBalloon's defaults.
 */
export function withBallooning(xml: string, ballooning: boolean): string {
  if (!ballooning) return disableBalloon(xml);
  const balloon = readBalloon(xml);
  return balloon.supported && balloon.model === "virtio" && balloon.statsPeriod !== null ? xml : enableBalloon(xml);
}

export type PendingChange = { setting: "balloon" | "statsPeriod" | "memory"; live: string; next: string };

/**
 * What a cold restart would change in the memory set-up: the running definition (`dumpxml`) against
 * the persistent one (`dumpxml --inactive`). Empty when they agree. currentMemory is left out: in a
 * running domain it follows the balloon, so it differs without anything pending.
 */
export function pendingChanges(liveXml: string, persistentXml: string): PendingChange[] {
  const live = describeMemory(liveXml);
  const next = describeMemory(persistentXml);
  return (Object.keys(live) as PendingChange["setting"][])
    .filter((setting) => live[setting] !== next[setting])
    .map((setting) => ({ setting, live: live[setting], next: next[setting] }));
}

function describeMemory(xml: string): Record<PendingChange["setting"], string> {
  const balloon = readBalloon(xml);
  const summary = domainSummary(xml);
  return {
    balloon: !balloon.supported ? "unsupported" : isBallooning(balloon) ? "virtio" : "none",
    statsPeriod: balloon.supported && balloon.statsPeriod !== null ? String(balloon.statsPeriod) : "none",
    memory: String(summary.memoryKiB),
  };
}
