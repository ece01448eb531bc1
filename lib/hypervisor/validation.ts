import { HypervisorError } from "./errors.ts";

// Names and URIs are checked before they reach virsh. Arguments go to execFile as an array, never
// through a shell, so this is defence in depth: it also keeps names out of virsh's own command
// parser (batched commands) and out of option parsing (a name starting with "-").

const DOMAIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+:-]{0,127}$/;
const LIBVIRT_URI = /^(qemu|lxc|test)(\+(unix|ssh|libssh|libssh2|tcp|tls))?:\/\/[A-Za-z0-9.\-_@:[\]]*\/[A-Za-z0-9_\-./]*(\?[A-Za-z0-9_\-.=&/%]*)?$/;

export function assertDomainName(name: string): string {
  if (!DOMAIN_NAME.test(name)) {
    throw new HypervisorError("invalid_argument", `Refused domain name ${JSON.stringify(name.slice(0, 140))}`);
  }
  return name;
}

export function assertLibvirtUri(uri: string): string {
  if (!LIBVIRT_URI.test(uri)) throw new HypervisorError("invalid_argument", `Refused libvirt URI ${JSON.stringify(uri.slice(0, 200))}`);
  return uri;
}
