import type { ReactNode } from "react";
import { Brand } from "@/components/layout/brand";

/** The signed-out pages' frame: the brand above one card (sign in, set a password). */
export function AuthPage({ title, lead, children }: { title: string; lead?: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-slate-100 to-slate-200 px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex justify-center">
          <Brand />
        </div>
        <div className="rounded-2xl border border-slate-200 bg-white p-8 shadow-lg shadow-slate-900/5">
          <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
          {lead && <p className="mt-1 text-sm text-slate-600">{lead}</p>}
          {children}
        </div>
      </div>
    </main>
  );
}
