"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** A menu entry that marks itself as the current page, for its own path and (unless `exact`) the pages below it. */
export function NavigationLink({ href, exact = false, children }: { href: string; exact?: boolean; children: ReactNode }) {
  const pathname = usePathname();
  const active = pathname === href || (!exact && pathname.startsWith(`${href}/`));
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-400",
        active ? "bg-slate-800 text-white" : "hover:bg-slate-800/60 hover:text-white",
      )}
    >
      {children}
    </Link>
  );
}
