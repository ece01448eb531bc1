import { getTranslations } from "next-intl/server";
import { operationAnchor, schemaAnchor, tagAnchor } from "./anchors";
import { MethodBadge } from "./method-badge";
import type { ApiReference } from "./reference-model";

// The page's table of contents: the introduction, each API by tag with its operations, the schemas.

const ITEM = "block rounded px-2 py-1 text-slate-700 hover:bg-slate-200/60 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600";

export async function Contents({ reference }: { reference: ApiReference }) {
  const t = await getTranslations("apiReference");
  return (
    <ol className="space-y-5 text-sm">
      <li>
        <a href="#introduction" className={`${ITEM} font-semibold text-slate-900`}>
          {t("introduction.title")}
        </a>
        <ol className="mt-1 space-y-0.5 pl-2">
          {INTRODUCTION.map(([id, key]) => (
            <li key={id}>
              <a href={`#${id}`} className={ITEM}>
                {t(`introduction.${key}.title`)}
              </a>
            </li>
          ))}
        </ol>
      </li>
      {reference.groups.map((group) => (
        <li key={group.id}>
          <a href={`#${group.id}`} className={`${ITEM} font-semibold text-slate-900`}>
            {t(`groups.${group.id}.title`)}
          </a>
          <ol className="mt-1 space-y-2 pl-2">
            {group.tags.map((tag) => (
              <li key={tag.name}>
                <a href={`#${tagAnchor(tag.name)}`} lang="en" className={`${ITEM} font-medium`}>
                  {tag.name}
                </a>
                <ol className="space-y-0.5 pl-2">
                  {tag.operations.map((operation) => (
                    <li key={operation.id}>
                      <a href={`#${operationAnchor(operation.id)}`} className={`${ITEM} flex items-start gap-2`}>
                        <MethodBadge method={operation.method} size="sm" />
                        <span lang="en" className="min-w-0">{operation.summary}</span>
                      </a>
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        </li>
      ))}
      <li>
        <a href="#schemas" className={`${ITEM} font-semibold text-slate-900`}>
          {t("schemas.title")}
        </a>
        <ol className="mt-1 space-y-0.5 pl-2">
          {Object.keys(reference.components).map((name) => (
            <li key={name}>
              <a href={`#${schemaAnchor(name)}`} className={`${ITEM} font-mono text-xs`}>
                {name}
              </a>
            </li>
          ))}
        </ol>
      </li>
    </ol>
  );
}

/** The introduction's sections: each one's anchor and its key in the messages. */
const INTRODUCTION = [
  ["base-url", "baseUrl"],
  ["authentication", "authentication"],
  ["errors", "errors"],
] as const;
