import { randomUUID } from "node:crypto";
import { XMLSerializer, type Element } from "@xmldom/xmldom";
import { domainSummary, parseDomainXml, type DomainSummary } from "../domain-xml.ts";
import { HypervisorError } from "../errors.ts";
import type { SimulatedState } from "./state-schema.ts";
import { SHUT_OFF } from "./power.ts";

// `virsh define` on the simulated host, with libvirt's rules: the XML must name the domain and its
// memory; a new domain without a <uuid> gets one written into its definition; a name already
// defined must come with that domain's uuid (as `dumpxml` gives it), and a uuid belongs to one name.
// Redefining only replaces the persistent definition: a running domain keeps its live one.

/** Defines or redefines the domain in `state` and returns its name. */
export function defineDomain(state: SimulatedState, xml: string): string {
  const { name, uuid } = readDefinition(xml);
  const sameName = state.domains.find((domain) => domain.name === name);
  const sameUuid = uuid === null ? undefined : state.domains.find((domain) => domain.uuid === uuid);

  if (sameUuid && sameUuid.name !== name) {
    throw new HypervisorError("operation_failed", `operation failed: domain '${sameUuid.name}' is already defined with uuid ${sameUuid.uuid}`);
  }
  if (sameName && sameName.uuid !== uuid) {
    throw new HypervisorError("operation_failed", `operation failed: domain '${name}' already exists with uuid ${sameName.uuid}`);
  }
  if (sameName) {
    sameName.persistentXml = xml;
    return name;
  }
  const newUuid = uuid ?? randomUUID();
  state.domains.push({
    name,
    uuid: newUuid,
    persistentXml: uuid === null ? withUuid(xml, newUuid) : xml,
    liveXml: null,
    power: SHUT_OFF,
    ignoresAcpi: false,
    starts: 0,
  });
  return name;
}

/** The definition's name and uuid (canonical form, or null when absent); refuses what libvirt refuses. */
export function readDefinition(xml: string): { name: string; uuid: string | null } {
  const summary = summarize(xml);
  if (summary.name === "") throw new HypervisorError("invalid_argument", "XML error: missing name information");
  if (summary.name.includes("/")) {
    throw new HypervisorError("invalid_argument", `XML error: name ${summary.name} cannot contain '/'`);
  }
  if (summary.memoryKiB === null || summary.memoryKiB <= 0) {
    throw new HypervisorError("invalid_argument", "XML error: Memory size must be specified via <memory> or in the <numa> configuration");
  }
  return { name: summary.name, uuid: summary.uuid === null ? null : canonicalUuid(summary.uuid) };
}

/**
 * domainSummary refuses a non-domain with invalid_argument, but xmldom's own ParseError (unclosed
 * tag, no root element) escapes parseDomainXml; the caller must see invalid_argument for both.
 */
function summarize(xml: string): DomainSummary {
  try {
    return domainSummary(xml);
  } catch (error) {
    if (error instanceof HypervisorError) throw error;
    throw new HypervisorError("invalid_argument", "Not a libvirt domain definition", error instanceof Error ? error.message : String(error));
  }
}

/** libvirt reads a uuid with or without dashes, in any case, and writes it lower-case with dashes. */
function canonicalUuid(text: string): string {
  const hex = text.replace(/-/g, "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new HypervisorError("invalid_argument", "XML error: malformed uuid element");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

/** Adds `<uuid>` right after `<name>`, indented like it, leaving the rest of the XML as it was. */
function withUuid(xml: string, uuid: string): string {
  const doc = parseDomainXml(xml);
  const domain = doc.documentElement;
  let name: Element | undefined;
  for (let node = domain?.firstChild; node && !name; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE && (node as Element).tagName === "name") name = node as Element;
  }
  if (!domain || !name) return xml;
  const uuidElement = doc.createElement("uuid");
  uuidElement.textContent = uuid;
  const before = name.previousSibling;
  const indent = before && before.nodeType === before.TEXT_NODE && /^\s+$/.test(before.nodeValue ?? "") ? before.nodeValue : null;
  domain.insertBefore(uuidElement, name.nextSibling);
  if (indent !== null) domain.insertBefore(doc.createTextNode(indent), uuidElement);
  return new XMLSerializer().serializeToString(doc);
}
