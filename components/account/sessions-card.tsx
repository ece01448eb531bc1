import { getLocale, getTranslations } from "next-intl/server";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { SessionView } from "@/lib/contracts/sessions";
import { timeAgo } from "@/lib/format";
import { SessionList, type SessionRow } from "./session-list";
import { SignOutEverywhere } from "./sign-out-everywhere";
import { utcMinute } from "./times";

type Translate = Awaited<ReturnType<typeof getTranslations<"account">>>;

/** "Firefox on Linux", from what the session's User-Agent said. */
function deviceName(t: Translate, { browser, system }: SessionView["device"]): string {
  if (browser && system) return t("sessions.device.both", { browser, system });
  if (browser) return t("sessions.device.browser", { browser });
  if (system) return t("sessions.device.system", { system });
  return t("sessions.device.unknown");
}

export async function SessionsCard({ sessions, now }: { sessions: SessionView[]; now: number }) {
  const t = await getTranslations("account");
  const locale = await getLocale();
  const rows: SessionRow[] = sessions.map((session) => {
    const device = deviceName(t, session.device);
    const time = utcMinute(session.createdAt, locale);
    return {
      id: session.id,
      current: session.current,
      device,
      signedIn: session.ip ? t("sessions.signedIn", { time, ip: session.ip }) : t("sessions.signedInNoAddress", { time }),
      lastSeen: t("sessions.lastSeen", { time: timeAgo(session.lastSeenAt, now, locale) }),
      endLabel: t("sessions.endLabel", { device, time }),
      endedMessage: t("sessions.ended", { device }),
    };
  });
  const errors = { network: t("errors.network"), signedOut: t("errors.signedOut"), unavailable: t("errors.unavailable"), failed: t("errors.failed") };
  return (
    <Card>
      <CardHeader
        title={t("sessions.title")}
        description={t("sessions.description")}
        action={
          <SignOutEverywhere
            words={{
              button: t("sessions.everywhere.button"),
              title: t("sessions.everywhere.title"),
              description: t("sessions.everywhere.description"),
              confirm: t("sessions.everywhere.confirm"),
              pending: t("sessions.everywhere.pending"),
              cancel: t("sessions.everywhere.cancel"),
            }}
          />
        }
      />
      <CardBody>
        <SessionList
          sessions={rows}
          words={{
            label: t("sessions.label"),
            thisBrowser: t("sessions.thisBrowser"),
            end: t("sessions.end"),
            ending: t("sessions.ending"),
            alreadyEnded: t("sessions.alreadyEnded"),
            onlyThis: t("sessions.onlyThis"),
            errors,
          }}
        />
      </CardBody>
    </Card>
  );
}
