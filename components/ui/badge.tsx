import { cva, type VariantProps } from "class-variance-authority";
import type { ReactNode } from "react";

export const badgeVariants = cva("inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", {
  variants: {
    tone: {
      neutral: "bg-slate-100 text-slate-700 ring-slate-300",
      success: "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
      warning: "bg-amber-50 text-amber-900 ring-amber-600/30",
      danger: "bg-red-50 text-red-800 ring-red-600/30",
      info: "bg-sky-50 text-sky-800 ring-sky-600/30",
      brand: "bg-indigo-50 text-indigo-800 ring-indigo-600/30",
    },
  },
  defaultVariants: { tone: "neutral" },
});

export type BadgeTone = NonNullable<VariantProps<typeof badgeVariants>["tone"]>;

export function Badge({ tone, dot = false, children }: { tone?: BadgeTone; dot?: boolean; children: ReactNode }) {
  return (
    <span className={badgeVariants({ tone })}>
      {dot && <span aria-hidden className="size-1.5 rounded-full bg-current" />}
      {children}
    </span>
  );
}
