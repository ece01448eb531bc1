import * as z from "zod/mini";
import { domainReportSchema, type DomainReport } from "@/lib/contracts/provider.ts";

// The domains a host's agent saw in its last report, kept on the host row whether or not a server
// is known by them: an operator's import reads them (name, size and disk, KVM or LXC, balloon) to create
// servers that start out as the domain runs.

const hostDomainSchema = z.object({
  name: z.string(),
  virtualization: z.enum(["kvm", "lxc", "other"]),
  state: z.catch(domainReportSchema.shape.state, "other"),
  /** `<memory>` of the definition, KiB; null when the agent could not read it. */
  memoryKiB: z.nullable(z.number()),
  vcpus: z.nullable(z.int()),
  /** The capacity of the definition's first disk, whole GiB; absent in lists kept before it was, null when not read. */
  diskGiB: z.optional(z.nullable(z.int())),
  /** The balloon of the running domain and of its definition; absent in lists kept before they were. */
  balloon: z.optional(z.nullable(z.enum(["virtio", "none"]))),
  pendingBalloon: z.optional(z.nullable(z.enum(["virtio", "none"]))),
});

export type HostDomain = z.infer<typeof hostDomainSchema>;

export function hostDomainsOf(domains: DomainReport[]): HostDomain[] {
  return domains.map(({ name, virtualization, state, definition, balloon, pendingBalloon }) => ({
    name,
    virtualization,
    state,
    memoryKiB: definition?.memoryKiB ?? null,
    vcpus: definition?.vcpus ?? null,
    diskGiB: definition?.diskGiB ?? null,
    balloon,
    pendingBalloon: pendingBalloon ?? balloon,
  }));
}

/** The stored list, or none when no agent has reported (or the row holds something else). */
export function parseHostDomains(stored: unknown): HostDomain[] {
  const parsed = z.safeParse(z.array(hostDomainSchema), stored);
  return parsed.success ? parsed.data : [];
}
