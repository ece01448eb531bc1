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

/** An IPv4 address as IPv4, not in the IPv6 form a dual-stack server saw it in (::ffff:192.0.2.7). */
const address = (ip: string) => ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");

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
      signedIn: session.ip ? t("sessions.signedIn", { time, ip: address(session.ip) }) : t("sessions.signedInNoAddress", { time }),
      // This browser is using the page right now; its last use is this very request.
      lastSeen: session.current ? t("sessions.activeNow") : t("sessions.lastSeen", { time: timeAgo(session.lastSeenAt, now, locale) }),
      endLabel: t("sessions.endLabel", { device, time }),
      endedMessage: t("sessions.ended", { device }),
    };
  });
  const errors = { network: t("errors.network"), signedOut: t("errors.signedOut"), unavailable: t("errors.unavailable"), failed: t("errors.failed") };
  return (
    <Card>
      <CardHeader title={t("sessions.title")} description={t("sessions.description")} />
      <CardBody className="space-y-4">
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
        <div className="border-t border-slate-100 pt-4">
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
        </div>
      </CardBody>
    </Card>
  );
}
