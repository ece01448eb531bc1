import { AccountContent, accountMetadata } from "@/components/account/account-content";
import { listSessions } from "@/lib/auth/list-sessions";
import { requireOperatorPage } from "@/lib/auth/page-session";

export const generateMetadata = accountMetadata;

export default async function OperatorAccountPage() {
  const user = await requireOperatorPage("/operator/account");
  const now = new Date();
  return <AccountContent email={user.email} sessions={await listSessions({ actor: user, now })} now={now} />;
}
