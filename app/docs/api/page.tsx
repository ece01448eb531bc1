import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ApiGroupView } from "@/components/api-reference/api-groups";
import { Contents } from "@/components/api-reference/contents";
import { Introduction } from "@/components/api-reference/introduction";
import { Prose } from "@/components/api-reference/prose";
import { readApiReference, type ApiReference } from "@/components/api-reference/reference-model";
import { Schemas } from "@/components/api-reference/schemas";
import { Brand } from "@/components/layout/brand";
import { publishedOpenApiDocument } from "@/lib/api/openapi-document.ts";

// The API reference, for anyone (no sign-in), rendered on the server from the very document
// /api/v1/openapi.json serves. HTML and the app's stylesheet only: no script of its own.
//
// Not Scalar, Redoc or Swagger UI: they render in the browser, shipping megabytes of script
// (@scalar/api-reference 1.76.0: 55.2 MB unpacked, its standalone bundle 4.6 MiB, 1.3 MiB gzipped;
// redoc 3.0.1: 4.4 MB unpacked, its standalone bundle 2.2 MiB, 635 KiB gzipped), and they inject
// inline styles and scripts that the pages' nonce-based Content-Security-Policy refuses.

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("apiReference.metadata");
  return { title: t("title"), description: t("description") };
}

const DOCUMENT_URL = "/api/v1/openapi.json";
/** The document's file name, as the header's link shows it: a name, in no language. */
const DOCUMENT_NAME = DOCUMENT_URL.slice(DOCUMENT_URL.lastIndexOf("/") + 1);

let read: ApiReference | undefined;

export default async function ApiReferencePage() {
  read ??= readApiReference(publishedOpenApiDocument());
  const reference = read;
  const [t, common, locale] = await Promise.all([getTranslations("apiReference"), getTranslations("common"), getLocale()]);
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-4 focus:left-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {common("skipToContent")}
      </a>
      <header className="bg-slate-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <Link href="/servers" className="rounded focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-400">
            <Brand inverted />
          </Link>
          <p className="flex items-center gap-4 text-sm">
            <a href={DOCUMENT_URL} className={HEADER_LINK}>
              {DOCUMENT_NAME}
            </a>
            <Link href="/servers" className={HEADER_LINK}>
              {t("yourServers")}
            </Link>
          </p>
        </div>
      </header>
      <div className="mx-auto max-w-7xl px-4 sm:px-6 lg:grid lg:grid-cols-[17rem_minmax(0,1fr)] lg:gap-10">
        <nav aria-label={t("contents")} className="hidden lg:sticky lg:top-0 lg:block lg:max-h-screen lg:overflow-y-auto lg:py-8">
          <p className="mb-3 px-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">{t("onThisPage")}</p>
          <Contents reference={reference} />
        </nav>
        <main id="main" className="max-w-4xl min-w-0 space-y-12 py-8">
          <header id="introduction" className="scroll-mt-4 space-y-3">
            <p className="text-sm font-semibold text-indigo-700">
              {t("version", { title: reference.title, version: reference.version })}
            </p>
            <h1 className="text-3xl font-semibold tracking-tight text-slate-900">{t("heading")}</h1>
            {/* The document's own words (its description, summaries, fields, errors' meanings) are the API's: English. */}
            {locale !== "en" && <p className="rounded-lg border border-indigo-100 bg-indigo-50 px-3 py-2 text-sm text-indigo-900">{t("inEnglish")}</p>}
            <Prose text={reference.description} className="text-base leading-7" />
            <p className="text-sm text-slate-700">
              {t.rich("openApiDocument", {
                url: DOCUMENT_URL,
                link: (chunks) => (
                  <a href={DOCUMENT_URL} className="rounded-sm font-mono font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:text-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
                    {chunks}
                  </a>
                ),
              })}
            </p>
          </header>
          <details className="rounded-xl border border-slate-200 bg-white shadow-sm lg:hidden">
            <summary className="cursor-pointer rounded-xl px-4 py-3 text-sm font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600">{t("contents")}</summary>
            <nav aria-label={t("contents")} className="border-t border-slate-100 px-2 py-3">
              <Contents reference={reference} />
            </nav>
          </details>
          <Introduction reference={reference} />
          {reference.groups.map((group) => (
            <ApiGroupView key={group.id} group={group} components={reference.components} />
          ))}
          <Schemas components={reference.components} />
        </main>
      </div>
    </div>
  );
}

const HEADER_LINK = "rounded font-medium text-slate-300 hover:text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-400";
