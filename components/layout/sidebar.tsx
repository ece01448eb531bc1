"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Brand } from "./brand";
import { SignOutButton, SignOutEverywhereButton } from "./sign-out-button";

const NAVIGATION = [
  { href: "/servers", label: "Servers", icon: ServersIcon },
  { href: "/docs/api", label: "API reference", icon: ApiReferenceIcon },
];

export function Sidebar({ user }: { user: { name: string; email: string } }) {
  const pathname = usePathname();
  return (
    <aside className="flex w-full shrink-0 flex-col bg-slate-900 text-slate-300 md:sticky md:top-0 md:h-screen md:w-64">
      <div className="flex items-center justify-between px-5 py-4 md:py-5">
        <Link href="/servers" className="rounded focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-400">
          <Brand inverted />
        </Link>
        <div className="md:hidden">
          <SignOutButton />
        </div>
      </div>
      <nav aria-label="Main" className="flex-1 px-3 pb-3 md:pb-0">
        <ul className="space-y-1">
          {NAVIGATION.map(({ href, label, icon: Icon }) => {
            const active = pathname === href || pathname.startsWith(`${href}/`);
            return (
              <li key={href}>
                <Link
                  href={href}
                  aria-current={active ? "page" : undefined}
                  className={`flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-400 ${
                    active ? "bg-slate-800 text-white" : "hover:bg-slate-800/60 hover:text-white"
                  }`}
                >
                  <Icon />
                  {label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="hidden border-t border-slate-800 px-5 py-4 md:block">
        <p className="truncate text-sm font-medium text-white">{user.name}</p>
        <p className="mb-3 truncate text-xs text-slate-400">{user.email}</p>
        <div className="flex flex-col items-start gap-1.5">
          <SignOutButton />
          <SignOutEverywhereButton />
        </div>
      </div>
    </aside>
  );
}

function ServersIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="size-5 opacity-80">
      <path d="M3 4.5A1.5 1.5 0 0 1 4.5 3h11A1.5 1.5 0 0 1 17 4.5v3A1.5 1.5 0 0 1 15.5 9h-11A1.5 1.5 0 0 1 3 7.5v-3Zm3 1.25a.75.75 0 1 0 0 .01V5.75ZM3 12.5A1.5 1.5 0 0 1 4.5 11h11a1.5 1.5 0 0 1 1.5 1.5v3a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 3 15.5v-3Zm3 1.25a.75.75 0 1 0 0 .01v-.01Z" />
    </svg>
  );
}

function ApiReferenceIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="size-5 opacity-80">
      <path
        fillRule="evenodd"
        d="M4.5 2A1.5 1.5 0 0 0 3 3.5v13A1.5 1.5 0 0 0 4.5 18h11a1.5 1.5 0 0 0 1.5-1.5v-13A1.5 1.5 0 0 0 15.5 2h-11Zm3.28 5.22a.75.75 0 0 1 0 1.06L6.06 10l1.72 1.72a.75.75 0 1 1-1.06 1.06l-2.25-2.25a.75.75 0 0 1 0-1.06l2.25-2.25a.75.75 0 0 1 1.06 0Zm4.44 0a.75.75 0 0 1 1.06 0l2.25 2.25a.75.75 0 0 1 0 1.06l-2.25 2.25a.75.75 0 1 1-1.06-1.06L13.94 10l-1.72-1.72a.75.75 0 0 1 0-1.06Z"
        clipRule="evenodd"
      />
    </svg>
  );
}
