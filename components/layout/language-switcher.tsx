"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { isLocale, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";

/**
 * The user menu's language choice: saved to the account (PUT /api/v1/account/locale), then the page
 * is rendered again in it. Its words come translated from the server (the sidebar), so the menu's
 * script carries no messages of its own.
 */
export function LanguageSwitcher({ current, label, failed }: { current: Locale; label: string; failed: string }) {
  const id = useId();
  const router = useRouter();
  const [error, setError] = useState(false);
  const [pending, startTransition] = useTransition();
  const choose = (locale: Locale) =>
    startTransition(async () => {
      setError(false);
      try {
        const { putLocale } = await import("@/lib/client/api");
        await putLocale(locale);
        router.refresh();
      } catch {
        setError(true);
      }
    });
  return (
    <div className="text-xs">
      <label htmlFor={id} className="mb-1 block text-slate-400">
        {label}
      </label>
      <select
        id={id}
        value={current}
        disabled={pending}
        onChange={(event) => {
          if (isLocale(event.target.value)) choose(event.target.value);
        }}
        className="w-full rounded border border-slate-700 bg-slate-800 px-2 py-1 text-sm text-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-400 disabled:opacity-60"
      >
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
      {error ? (
        <p role="alert" className="mt-1 text-red-300">
          {failed}
        </p>
      ) : null}
    </div>
  );
}
