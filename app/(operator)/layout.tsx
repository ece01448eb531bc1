import type { ReactNode } from "react";
import { Sidebar } from "@/components/layout/sidebar";
import { requireOperatorPage } from "@/lib/auth/page-session";

// The operator's side of the dashboard: hosts, every customer's servers, failures. Customers get 404.
export default async function OperatorLayout({ children }: { children: ReactNode }) {
  const user = await requireOperatorPage();
  return (
    <div className="min-h-screen md:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <Sidebar user={{ name: user.name, email: user.email }} area="operator" />
      <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-8 lg:px-10">
        <div className="mx-auto max-w-7xl">{children}</div>
      </main>
    </div>
  );
}
