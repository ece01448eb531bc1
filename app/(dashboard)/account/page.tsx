import { redirect } from "next/navigation";
import { AccountContent, accountMetadata } from "@/components/account/account-content";
import { listSessions } from "@/lib/auth/list-sessions";
import { requirePageUser } from "@/lib/auth/page-session";

export const generateMetadata = accountMetadata;

export default async function AccountPage() {
  const user = await requirePageUser("/account");
  // The operators' side of the dashboard has its own menu, and its own Account page under it.
  if (user.role === "operator") redirect("/operator/account");
  const now = new Date();
  return <AccountContent email={user.email} sessions={await listSessions({ actor: user, now })} now={now} />;
}
