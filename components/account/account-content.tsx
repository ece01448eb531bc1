import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { PasswordCard } from "@/components/account/password-card";
import { SessionsCard } from "@/components/account/sessions-card";
import type { SessionView } from "@/lib/contracts/sessions";

/**
 * The Account page's content: the password and the browsers signed in (`now`: when `sessions` were
 * read). A customer's (/account) and an operator's (/operator/account) are the same page under each
 * side's own menu: an operator's password leaks as a customer's does, and is changed and signed out
 * of the same way.
 */
export async function AccountContent({ email, sessions, now }: { email: string; sessions: SessionView[]; now: Date }) {
  const t = await getTranslations("account");
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("title")}>{t("lead")}</PageHeader>
      <div className="space-y-6">
        <PasswordCard email={email} />
        <SessionsCard sessions={sessions} now={now.getTime()} />
      </div>
    </div>
  );
}

/** Both Account pages' title. */
export async function accountMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}
