import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { requireOperatorPage } from "@/lib/auth/page-session";

// The operator's side of the dashboard: hosts, every customer's servers, failures. Customers get 404.
export default async function OperatorLayout({ children }: { children: ReactNode }) {
  const user = await requireOperatorPage();
  return (
    <AppShell user={{ name: user.name, email: user.email }} area="operator" wide>
      {children}
    </AppShell>
  );
}
