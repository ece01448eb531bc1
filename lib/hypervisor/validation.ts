import { HypervisorError } from "./errors.ts";

// Names and URIs are checked before they reach virsh. Arguments go to execFile as an array, never
// through a shell, so this is defence in depth: it also keeps names out of virsh's own command
// parser (batched commands) and out of option parsing (a name starting with "-").

const DOMAIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+:-]{0,127}$/;
const LIBVIRT_URI = /^(qemu|lxc|test)(\+(unix|ssh|libssh|libssh2|tcp|tls))?:\/\/[A-Za-z0-9.\-_@:[\]]*\/[A-Za-z0-9_\-./]*(\?[A-Za-z0-9_\-.=&/%]*)?$/;
// Query parameters that only point at files or switch checks. `command` and `netcat` are left out on
// purpose: they make virsh run a program (locally, or on the remote host).
const SAFE_URI_PARAMETERS = new Set(["socket", "keyfile", "known_hosts", "known_hosts_verify", "pkipath", "no_verify", "no_tty", "sshauth", "mode"]);

export function assertDomainName(name: string): string {
  if (!isDomainName(name)) {
    throw new HypervisorError("invalid_argument", `Refused domain name ${JSON.stringify(name.slice(0, 140))}`);
  }
  return name;
}

// Pool and volume names: libvirt allows more, the agent needs no more than this.
const POOL_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;
const VOLUME_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+:-]{0,254}$/;
// A drive's target device (vda, sda, hdc).
const DISK_TARGET = /^[a-z]{2,3}[a-z]{1,2}$/;

export function isPoolName(name: string): boolean {
  return POOL_NAME.test(name);
}

export function assertPoolName(name: string): string {
  if (!isPoolName(name)) throw new HypervisorError("invalid_argument", `Refused storage pool name ${JSON.stringify(name.slice(0, 80))}`);
  return name;
}

export function isVolumeName(name: string): boolean {
  return VOLUME_NAME.test(name);
}

export function assertVolumeName(name: string): string {
  if (!isVolumeName(name)) throw new HypervisorError("invalid_argument", `Refused volume name ${JSON.stringify(name.slice(0, 140))}`);
  return name;
}

export function assertDiskTarget(target: string): string {
  if (!DISK_TARGET.test(target)) throw new HypervisorError("invalid_argument", `Refused disk target ${JSON.stringify(target.slice(0, 20))}`);
  return target;
}

export function isDomainName(name: string): boolean {
  return DOMAIN_NAME.test(name);
}

/** A libvirt URI of a driver the agent drives (qemu, lxc, test), with only the query parameters above. */
export function isLibvirtUri(uri: string): boolean {
  if (!LIBVIRT_URI.test(uri)) return false;
  const query = uri.includes("?") ? uri.slice(uri.indexOf("?") + 1) : "";
  return (query ? query.split("&") : []).every((parameter) => SAFE_URI_PARAMETERS.has(parameter.split("=")[0] ?? ""));
}

export function assertLibvirtUri(uri: string): string {
  if (!isLibvirtUri(uri)) throw new HypervisorError("invalid_argument", `Refused libvirt URI ${JSON.stringify(uri.slice(0, 200))}`);
  return uri;
}
