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
      <nav aria-label={t("navigation.label")} className="flex-1 px-3 pb-3 md:pb-0">
        <ul className="space-y-1">
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
      <div className="border-t border-slate-800 px-5 py-4">
        <p className="truncate text-sm font-medium text-white">{user.name}</p>
        <p className="mb-3 truncate text-xs text-slate-400">{user.email}</p>
        <div className="mb-3">
          <LanguageSwitcher current={locale} />
        </div>
        <div className="flex flex-col items-start gap-1.5">
          <SignOutButton label={t("signOut")} />
          <SignOutEverywhereButton label={t("signOutEverywhere")} pendingLabel={t("signingOutEverywhere")} />
        </div>
      </div>
    </aside>
  );
}
