import type { ReactNode } from "react";

/** A page's title and, under it, what the page is for. A long word in the title breaks rather than widening the page. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="mb-6">
      <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">{title}</h1>
      {children && <p className="mt-1 text-sm text-slate-600">{children}</p>}
    </header>
  );
}
