import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Sidebar } from "./sidebar";

/** The signed-in frame of every page: a skip link, the side menu of the user's side of the dashboard, the page. */
export async function AppShell({
  user,
  area,
  wide = false,
  children,
}: {
  user: { name: string; email: string };
  area: "customer" | "operator";
  /** Operators' tables have more columns than a customer's pages. */
  wide?: boolean;
  children: ReactNode;
}) {
  const t = await getTranslations("common");
  return (
    <div className="min-h-screen md:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t("skipToContent")}
      </a>
      <Sidebar user={user} area={area} />
      <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-8 lg:px-10">
        <div className={`mx-auto ${wide ? "max-w-7xl" : "max-w-6xl"}`}>{children}</div>
      </main>
    </div>
  );
}
