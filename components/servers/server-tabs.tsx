"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { HeaderWords } from "./words";

export function ServerTabs({ serverId, words }: { serverId: string; words: HeaderWords["tabs"] }) {
  const pathname = usePathname();
  const tabs = [
    { href: `/servers/${serverId}`, label: words.overview },
    { href: `/servers/${serverId}/settings`, label: words.settings },
    { href: `/servers/${serverId}/activity`, label: words.activity },
  ];
  return (
    <nav aria-label={words.label} className="mt-6 border-b border-slate-200">
      <ul className="-mb-px flex gap-6">
        {tabs.map((tab) => {
          const active = pathname === tab.href;
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active ? "page" : undefined}
                className={`inline-block border-b-2 px-1 pb-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600 ${
                  active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
