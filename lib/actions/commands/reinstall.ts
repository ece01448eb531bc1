import * as z from "zod/mini";
import { defineCommand } from "./define-command.ts";

/**
 * Recreates an LXC server on KVM from a catalogue image. The KVM domain is defined, started and
 * checked while the container still runs; only then is the container removed, so any earlier
 * failure can put everything back as it was.
 */
export const reinstall = defineCommand({
  name: "reinstall",
  params: z.strictObject({ image: z.string().check(z.minLength(1), z.maxLength(64)) }),
  steps: ["define_kvm_domain", "start_kvm_domain", "verify_kvm_domain", "remove_lxc_domain", "switch_server_record"],
  failures: {
    define_kvm_domain: "The new KVM server could not be created on the host.",
    start_kvm_domain: "The new KVM server could not be started.",
    verify_kvm_domain: "The new KVM server did not start with memory ballooning as expected.",
    remove_lxc_domain: "The old LXC container could not be removed.",
    switch_server_record: "The server record could not be switched to KVM.",
  },
});
