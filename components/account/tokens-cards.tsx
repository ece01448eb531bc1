import { getLocale, getTranslations } from "next-intl/server";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { ApiTokenView } from "@/lib/contracts/api-tokens";
import { timeAgo } from "@/lib/format";
import { CreateTokenForm } from "./create-token-form";
import { TokenList, type TokenRow } from "./token-list";
import { utcMinute } from "./times";

// API tokens: the card that makes one, and the card that lists them. Their words are finished here,
// each token's own included; the client parts only show them.

type Translate = Awaited<ReturnType<typeof getTranslations<"tokens">>>;

const failureWords = (t: Translate) => ({ network: t("errors.network"), signedOut: t("errors.signedOut"), unavailable: t("errors.unavailable"), failed: t("errors.failed") });

export async function CreateTokenCard() {
  const t = await getTranslations("tokens");
  return (
    <Card>
      <CardHeader title={t("create.title")} description={t("create.description")} />
      <CardBody>
        <CreateTokenForm
          words={{
            name: t("create.name"),
            nameHint: t("create.nameHint"),
            nameMissing: t("create.nameMissing"),
            nameTooLong: t("create.nameTooLong", { max: 100 }),
            scope: t("create.scope"),
            read: t("create.read"),
            readHint: t("create.readHint"),
            readWrite: t("create.readWrite"),
            readWriteHint: t("create.readWriteHint"),
            expiry: t("create.expiry"),
            expiryHint: t("create.expiryHint"),
            never: t("create.never"),
            days30: t("create.days30"),
            days90: t("create.days90"),
            year: t("create.year"),
            custom: t("create.custom"),
            date: t("create.date"),
            dateHint: t("create.dateHint"),
            dateInvalid: t("create.dateInvalid"),
            submit: t("create.submit"),
            pending: t("create.pending"),
            secret: {
              title: t("secret.title"),
              created: t("secret.created"),
              once: t("secret.once"),
              copy: t("secret.copy"),
              copied: t("secret.copied"),
              copyFailed: t("secret.copyFailed"),
              done: t("secret.done"),
            },
            errors: failureWords(t),
          }}
        />
      </CardBody>
    </Card>
  );
}

export async function TokenListCard({ tokens, now }: { tokens: ApiTokenView[]; now: number }) {
  const t = await getTranslations("tokens");
  const locale = await getLocale();
  const rows: TokenRow[] = tokens.map((token) => {
    const expired = token.expiresAt !== null && Date.parse(token.expiresAt) <= now;
    return {
      id: token.id,
      name: token.name,
      prefix: token.prefix,
      scope: token.scope,
      scopeLabel: token.scope === "read" ? t("list.readOnly") : t("list.readWrite"),
      created: utcMinute(token.createdAt, locale),
      lastUsed: token.lastUsedAt ? timeAgo(token.lastUsedAt, now, locale) : t("list.neverUsed"),
      expires: token.expiresAt ? utcMinute(token.expiresAt, locale) : t("list.noExpiry"),
      expired,
      revokeLabel: t("list.revokeLabel", { name: token.name }),
      revokeTitle: t("revoke.title", { name: token.name }),
      revokeDescription: t.rich("revoke.description", {
        prefix: token.prefix,
        code: (chunks) => <code className="font-mono whitespace-nowrap">{chunks}</code>,
      }),
      revokedMessage: t("revoke.done", { name: token.name }),
    };
  });
  return (
    <Card>
      <CardHeader title={t("list.title")} description={t("list.description")} />
      <CardBody>
        <TokenList
          tokens={rows}
          words={{
            label: t("list.title"),
            empty: t("list.empty"),
            created: t("list.created"),
            lastUsed: t("list.lastUsed"),
            expires: t("list.expires"),
            expired: t("list.expired"),
            revoke: t("list.revoke"),
            confirm: t("revoke.confirm"),
            pending: t("revoke.pending"),
            cancel: t("revoke.cancel"),
            gone: t("revoke.gone"),
            errors: failureWords(t),
          }}
        />
      </CardBody>
    </Card>
  );
}
