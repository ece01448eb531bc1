import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { PasswordCard } from "@/components/account/password-card";
import { SessionsCard } from "@/components/account/sessions-card";
import { listSessions } from "@/lib/auth/list-sessions";
import { requirePageUser } from "@/lib/auth/page-session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

export default async function AccountPage() {
  const user = await requirePageUser("/account");
  // Operators' side of the dashboard has its own menu; this page is a customer's.
  if (user.role === "operator") redirect("/operator");
  const t = await getTranslations("account");
  const now = new Date();
  const sessions = await listSessions({ actor: user, now });
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("title")}>{t("lead")}</PageHeader>
      <div className="space-y-6">
        <PasswordCard email={user.email} />
        <SessionsCard sessions={sessions} now={now.getTime()} />
      </div>
    </div>
  );
}
