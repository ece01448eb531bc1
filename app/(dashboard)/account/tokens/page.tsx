import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { CreateTokenCard, TokenListCard } from "@/components/account/tokens-cards";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { requirePageUser } from "@/lib/auth/page-session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("tokens"))("title") };
}

export default async function ApiTokensPage() {
  const user = await requirePageUser("/account/tokens");
  // Operators' tokens reach the admin API and are made on the command line (npm run ops -- token create).
  if (user.role === "operator") redirect("/operator");
  const t = await getTranslations("tokens");
  const tokens = await listApiTokens({ actor: user });
  const now = new Date();
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("title")}>{t("lead")}</PageHeader>
      <div className="space-y-6">
        <CreateTokenCard />
        <TokenListCard tokens={tokens} now={now.getTime()} />
      </div>
    </div>
  );
}
