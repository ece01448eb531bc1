import type { IconNode } from "lucide";
import { BookOpen, HardDrive, KeyRound, Server, TriangleAlert, UserRound } from "lucide";
import { Icon } from "@/components/ui/icon";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Brand } from "./brand";
import { LanguageSwitcher } from "./language-switcher";
import { NavigationLink } from "./navigation-link";
import { SignOutButton, SignOutEverywhereButton } from "./sign-out-button";

/** `label`: its key in the common messages' navigation. */
type NavigationItem = { href: string; label: "servers" | "account" | "apiTokens" | "apiReference" | "hosts" | "allServers" | "failures"; icon: IconNode; exact?: boolean };

/** A customer's pages, and an operator's: the two sides of the dashboard never share a menu. */
const NAVIGATION: Record<"customer" | "operator", NavigationItem[]> = {
  customer: [
    { href: "/servers", label: "servers", icon: Server },
    // Exact: the tokens page, below it, has an entry of its own.
    { href: "/account", label: "account", icon: UserRound, exact: true },
    { href: "/account/tokens", label: "apiTokens", icon: KeyRound },
    { href: "/docs/api", label: "apiReference", icon: BookOpen },
  ],
  operator: [
    { href: "/operator", label: "hosts", icon: HardDrive, exact: true },
    { href: "/operator/servers", label: "allServers", icon: Server },
    { href: "/operator/actions", label: "failures", icon: TriangleAlert },
    { href: "/operator/account", label: "account", icon: UserRound },
    { href: "/docs/api", label: "apiReference", icon: BookOpen },
  ],
};

// A server component: the icons and the words arrive as markup, so the menu's script is only the
// links that mark the current page (navigation-link.tsx), the language menu and the sign-out buttons.
export async function Sidebar({ user, area = "customer" }: { user: { name: string; email: string }; area?: "customer" | "operator" }) {
  const home = area === "operator" ? "/operator" : "/servers";
  const t = await getTranslations("common");
  const locale = await getLocale();
  return (
    <aside className="flex w-full shrink-0 flex-col bg-slate-900 text-slate-300 md:sticky md:top-0 md:h-screen md:w-64">
      <div className="flex items-center justify-between px-5 py-4 md:py-5">
        <Link href={home} className="rounded focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-400">
          <Brand inverted />
        </Link>
      </div>
      {/* On a phone the menu sits above the page: its entries side by side and the account's
          controls in a row, so the page starts within the first screen rather than below it. */}
      <nav aria-label={t("navigation.label")} className="flex-1 px-3 pb-3 md:pb-0">
        <ul className="flex flex-wrap gap-1 md:block md:space-y-1">
          {NAVIGATION[area].map(({ href, label, icon, exact }) => (
            <li key={href}>
              <NavigationLink href={href} exact={exact}>
                <Icon icon={icon} className="size-5 opacity-80" />
                {t(`navigation.${label}`)}
              </NavigationLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="flex flex-wrap items-end gap-x-6 gap-y-3 border-t border-slate-800 px-5 py-4 md:block">
        <div className="w-full min-w-0 md:mb-3">
          <p className="truncate text-sm font-medium text-white">{user.name}</p>
          <p className="truncate text-xs text-slate-400">{user.email}</p>
        </div>
        <div className="min-w-48 flex-1 md:mb-3">
          <LanguageSwitcher current={locale} />
        </div>
        <div className="flex flex-wrap items-start gap-x-4 gap-y-1.5 md:flex-col md:gap-x-0">
          <SignOutButton label={t("signOut")} />
          <SignOutEverywhereButton label={t("signOutEverywhere")} pendingLabel={t("signingOutEverywhere")} />
        </div>
      </div>
    </aside>
  );
}
