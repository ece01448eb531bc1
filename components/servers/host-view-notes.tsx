import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { HostViewReason } from "@/lib/metrics/usage";

// What the memory card says when only the host's view of a server's memory is available, one note
// per reason (lib/metrics/usage.ts). Rendered on the server and handed to the client card, which
// picks the note for the server as it is now: the words travel as markup, not as script the page
// loads.

export type HostViewNotes = Record<HostViewReason, ReactNode>;

const CODE = "rounded bg-white px-1 font-mono text-xs ring-1 ring-slate-200";

export async function hostViewNotes(): Promise<HostViewNotes> {
  const t = await getTranslations("memory.hostView");
  const what = t("what");
  return {
    lxc: <Note>{t("lxc", { what })}</Note>,
    ballooning_off: <Note>{t("ballooningOff", { what })}</Note>,
    driver_silent: (
      <Note>
        {t.rich("driverSilent", { what, strong: (chunks) => <strong className="font-medium text-slate-900">{chunks}</strong> })}
        <span className="mt-2 block">{t.rich("driverHelp", { code: (chunks) => <code className={CODE}>{chunks}</code> })}</span>
      </Note>
    ),
    not_seen: <Note>{t("notSeen", { what })}</Note>,
  };
}

function Note({ children }: { children: ReactNode }) {
  return <p className="break-words rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-inset ring-slate-200">{children}</p>;
}
