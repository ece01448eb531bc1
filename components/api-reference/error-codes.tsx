import { getTranslations } from "next-intl/server";
import { Code, Inline } from "./prose";
import type { ErrorStatus } from "./reference-model";
import { reasonPhrase } from "./status-text";

// The refusals an operation can answer, by status, each code with what it means. The table scrolls
// inside its own box on a narrow screen (focusable, so a keyboard can scroll it too).

export async function ErrorCodes({ errors, operation }: { errors: ErrorStatus[]; operation: string }) {
  const t = await getTranslations("apiReference");
  return (
    <div className="space-y-2">
      <div
        role="group"
        aria-label={t("errorCodes.label", { operation })}
        tabIndex={0}
        className="overflow-x-auto rounded-lg border border-slate-200 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        <table className="w-full border-collapse text-left text-sm">
          <thead className="bg-slate-50 text-xs font-semibold tracking-wide text-slate-700 uppercase">
            <tr>
              <th scope="col" className="w-24 px-3 py-2">
                {t("errorCodes.status")}
              </th>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">{t("errorCodes.codeAndMeaning")}</span>
                <span aria-hidden className="flex gap-4">
                  <span className="sm:w-52 sm:shrink-0">{t("errorCodes.code")}</span>
                  <span className="hidden sm:inline">{t("errorCodes.meaning")}</span>
                </span>
              </th>
            </tr>
          </thead>
          {errors.map(({ status, codes }) => (
            <tbody key={status} className="border-t border-slate-200">
              {codes.map(({ code, meaning }, index) => (
                <tr key={code} className={index > 0 ? "border-t border-slate-100" : undefined}>
                  {index === 0 && (
                    <th scope="rowgroup" rowSpan={codes.length} className="px-3 py-2 align-top font-normal">
                      <span className="font-mono font-semibold text-red-800">{status}</span> <span className="block text-xs text-slate-600">{reasonPhrase(status)}</span>
                    </th>
                  )}
                  {/* Code and meaning side by side on a wide screen, one under the other on a phone. */}
                  <td className="px-3 py-2 align-top">
                    <div className="sm:flex sm:gap-4">
                      <span className="block leading-6 sm:w-52 sm:shrink-0">
                        <Code>{code}</Code>
                      </span>
                      <span className="mt-1 block leading-6 text-slate-700 sm:mt-0">{meaning ? <span lang="en"><Inline text={meaning} /></span> : "—"}</span>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
      {errors.flatMap(({ status, headers }) =>
        headers.map((header) => (
          <p key={`${status} ${header.name}`} className="text-sm text-slate-700">
            {t.rich("operation.errorHeader", { status, name: header.name, code: (chunks) => <Code>{chunks}</Code> })}
            {header.description && (
              <>
                : <span lang="en"><Inline text={header.description} /></span>
              </>
            )}
          </p>
        )),
      )}
    </div>
  );
}
