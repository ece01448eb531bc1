import { cva, type VariantProps } from "class-variance-authority";
import Link from "next/link";
import type { ButtonHTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export const buttonVariants = cva(
  "inline-flex items-center justify-center gap-2 rounded-lg px-3.5 py-2 text-sm font-medium transition-colors " +
    "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed",
  {
    variants: {
      variant: {
        primary: "bg-indigo-600 text-white hover:bg-indigo-500 disabled:bg-indigo-300",
        secondary: "bg-white text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:text-slate-400",
        danger: "bg-red-600 text-white hover:bg-red-500 disabled:bg-red-300",
        ghost: "text-slate-700 hover:bg-slate-100 disabled:text-slate-400",
      },
    },
    defaultVariants: { variant: "primary" },
  },
);

type ButtonVariants = VariantProps<typeof buttonVariants>;

export function Button({ variant, className, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & ButtonVariants) {
  return <button type="button" className={cn(buttonVariants({ variant }), className)} {...props} />;
}

export function ButtonLink({ href, variant = "secondary", children }: { href: string; children: ReactNode } & ButtonVariants) {
  return (
    <Link href={href} className={buttonVariants({ variant })}>
      {children}
    </Link>
  );
}
