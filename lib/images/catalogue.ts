import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import { kvmDomainXml } from "@/lib/hypervisor/domain-templates.ts";
import { HypervisorError } from "@/lib/hypervisor/errors.ts";
import { assertDomainName } from "@/lib/hypervisor/validation.ts";
import { IMAGE_NAMES, type ImageId } from "@/lib/images/image-names.ts";

// The operating system images a server can be (re)installed with, and the KVM domain each one
// becomes. Free of database and framework imports: the host agent uses it too.
//
// Disks: each image names its base volume, a distribution's cloud image kept in the node's image
// pool (the agent's --image-pool) as qcow2, e.g. `debian-12.qcow2`. A reinstall gives the domain its
// own disk, a copy-on-write overlay of the base named `<domain>.qcow2` in that pool, and a cloud-init
// NoCloud seed `<domain>-seed.iso` for its first boot (lib/agent/commands/reinstall.ts); the domain
// boots the overlay's path (`diskPath`) with the seed in a read-only CD-ROM (`seedPath`). Without a
// `diskPath` a domain boots `${IMAGE_DIR}/<domain>.qcow2`, IMAGE_DIR being DASHBOARD_IMAGE_DIR
// (default /var/lib/libvirt/images).

export type DomainPlan = { name: string; memoryMiB: number; vcpus: number; uuid?: string };

export type KvmTemplateOptions = {
  /** "qemu" where the node has no /dev/kvm (plain emulation: same XML, same balloon device). */
  domainType?: "kvm" | "qemu";
  /** Replaces `${IMAGE_DIR}/<domain>.qcow2`: the overlay volume's path, or a disk prepared elsewhere. */
  diskPath?: string;
  /** A first-boot seed image, attached as a read-only CD-ROM; none when not given. */
  seedPath?: string;
  /** The libvirt network of the server's NIC ("default" unless given); null for no NIC at all. */
  network?: string | null;
  /** On unless told otherwise: the recommended default (DESIGN.md). */
  ballooning?: boolean;
};

export type Image = {
  id: string;
  name: string;
  /** The image's base volume in the node's image pool: a qcow2 cloud image. */
  baseVolume: string;
  domainXml: (plan: DomainPlan, options?: KvmTemplateOptions) => string;
};

const DEFAULT_IMAGE_DIR = "/var/lib/libvirt/images";
// The path goes into an XML attribute unescaped (domain-templates.ts), so only plain characters pass.
const SAFE_PATH = /^\/[A-Za-z0-9._+:/-]*$/;
const SAFE_NETWORK = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;

function safePath(value: string, what: string): string {
  if (!SAFE_PATH.test(value) || value.split("/").includes("..")) {
    throw new HypervisorError("invalid_argument", `Refused ${what} ${JSON.stringify(value.slice(0, 200))}: an absolute path of plain characters is needed`);
  }
  return value;
}

/** Where domain disks live on the node. */
export function imageDir(): string {
  return safePath((process.env.DASHBOARD_IMAGE_DIR || DEFAULT_IMAGE_DIR).replace(/(.)\/+$/, "$1"), "DASHBOARD_IMAGE_DIR");
}

function kvmTemplate(plan: DomainPlan, { domainType = "kvm", diskPath, seedPath, network = "default", ballooning = true }: KvmTemplateOptions = {}): string {
  const name = assertDomainName(plan.name);
  const disk = safePath(diskPath ?? `${imageDir()}/${name}.qcow2`, "disk path");
  const seed = seedPath === undefined ? undefined : safePath(seedPath, "seed path");
  const xml = kvmDomainXml({ ...plan, ballooning, diskPath: disk, domainType, ...(seed === undefined ? {} : { seedPath: seed }) });
  return network === "default" ? xml : withNetwork(xml, network);
}

/** Points the template's NIC at another libvirt network, or removes it; everything else stays. */
function withNetwork(xml: string, network: string | null): string {
  if (network !== null && !SAFE_NETWORK.test(network)) throw new HypervisorError("invalid_argument", `Refused network name ${JSON.stringify(network.slice(0, 80))}`);
  const doc = new DOMParser().parseFromString(xml, "text/xml");
  const nic = doc.getElementsByTagName("interface")[0];
  if (!nic) return xml;
  if (network === null) {
    const indent = nic.previousSibling;
    if (indent && indent.nodeType === indent.TEXT_NODE && /^\s+$/.test(indent.nodeValue ?? "")) nic.parentNode?.removeChild(indent);
    nic.parentNode?.removeChild(nic);
  } else {
    nic.getElementsByTagName("source")[0]?.setAttribute("network", network);
  }
  return new XMLSerializer().serializeToString(doc);
}

const image = (id: ImageId): Image => ({ id, name: IMAGE_NAMES[id], baseVolume: `${id}.qcow2`, domainXml: kvmTemplate });

// What a server can be installed with now; retired images (centos-7) keep only their name.
const IMAGES: readonly Image[] = [image("debian-12"), image("ubuntu-24.04"), image("almalinux-9")];

/** The images a customer can choose, for the UI. */
export function listImages(): { id: string; name: string }[] {
  return IMAGES.map(({ id, name }) => ({ id, name }));
}

export function findImage(id: string): Image | undefined {
  return IMAGES.find((candidate) => candidate.id === id);
}

/** Every catalogue image's base volume: what an agent looks for in its image pool. */
export function baseVolumes(): string[] {
  return IMAGES.map((candidate) => candidate.baseVolume);
}

/** The KVM domain's own disk in the image pool: an overlay of its image's base. */
export function diskVolumeNameFor(kvmDomainName: string): string {
  return `${assertDomainName(kvmDomainName)}.qcow2`;
}

/** The KVM domain's first-boot seed in the image pool, there until its first boot is done. */
export function seedVolumeNameFor(kvmDomainName: string): string {
  return `${assertDomainName(kvmDomainName)}-seed.iso`;
}

/**
 * The KVM domain that replaces an LXC server's container. Derived from the container's name, so the
 * host agent (which defines it) and the dashboard (which switches the record to it) agree on it.
 */
export function kvmDomainNameFor(lxcDomainName: string): string {
  return assertDomainName(`${assertDomainName(lxcDomainName)}-kvm`);
}
