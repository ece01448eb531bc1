import * as z from "zod/mini";
import { defineCommand } from "./define-command.ts";

/**
 * How the customer logs in to the reinstalled server, handed to cloud-init on its first boot: their
 * SSH public key, or the SHA-512 crypt hash of a root password the dashboard generated and showed
 * them once. The password itself is never stored; the dashboard removes this from the action's
 * params once the action has ended (lib/actions/complete-action.ts).
 */
export const firstBootLogin = z.union([
  z.strictObject({ sshKey: z.string().check(z.minLength(1), z.maxLength(16_384)) }),
  z.strictObject({ passwordHash: z.string().check(z.regex(/^\$6\$[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{86}$/)) }),
]);
export type FirstBootLogin = z.infer<typeof firstBootLogin>;

/** A host name as cloud-init sets it: one DNS label, lower case. */
export const HOSTNAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Recreates an LXC server on KVM from a catalogue image. The server's disk is a copy-on-write overlay
 * of the image's base volume in the node's image pool, sized to the plan; a cloud-init NoCloud seed
 * gives it its host name and the customer's login on its first boot. The KVM domain is defined,
 * started and checked while the container still runs; only then is the seed removed and the container
 * after it, so any earlier failure can put everything back as it was.
 *
 * `hostname`, `diskGiB` and `login` are absent from reinstalls queued before disks were made here:
 * such an attempt boots the overlay at the base's size and gets no seed.
 */
export const reinstall = defineCommand({
  name: "reinstall",
  params: z.strictObject({
    image: z.string().check(z.minLength(1), z.maxLength(64)),
    hostname: z.optional(z.string().check(z.regex(HOSTNAME))),
    diskGiB: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(65_536))),
    login: z.optional(firstBootLogin),
  }),
  steps: [
    "create_disk",
    "create_first_boot_seed",
    "define_kvm_domain",
    "start_kvm_domain",
    "verify_kvm_domain",
    "remove_first_boot_seed",
    "remove_lxc_domain",
    "switch_server_record",
  ],
  failures: {
    create_disk: "The new KVM server's disk could not be created from the image.",
    create_first_boot_seed: "The new KVM server's first-boot settings (host name and login) could not be prepared.",
    define_kvm_domain: "The new KVM server could not be created on the host.",
    start_kvm_domain: "The new KVM server could not be started.",
    verify_kvm_domain: "The new KVM server did not start with memory ballooning as expected.",
    remove_first_boot_seed: "The new KVM server's first-boot settings could not be removed from the host.",
    remove_lxc_domain: "The old LXC container could not be removed.",
    switch_server_record: "The server record could not be switched to KVM.",
  },
});
