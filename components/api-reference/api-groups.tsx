import { getTranslations } from "next-intl/server";
import { tagAnchor } from "./anchors";
import { OperationView } from "./operation";
import { Code, Prose } from "./prose";
import type { ApiGroup } from "./reference-model";
import type { Components } from "./schema-shape";

// The customer API, the provider API and the admin API, each by tag.

export async function ApiGroupView({ group, components }: { group: ApiGroup; components: Components }) {
  const t = await getTranslations("apiReference.groups");
  return (
    <section className="space-y-8">
      <header className="space-y-2 border-b border-slate-200 pb-3">
        <h2 id={group.id} className="scroll-mt-4 text-2xl font-semibold text-slate-900">
          {t(`${group.id}.title`)}
        </h2>
        <p className="text-sm leading-6 text-slate-700">{t.rich(`${group.id}.intro`, { code: (chunks) => <Code>{chunks}</Code> })}</p>
      </header>
      {group.tags.map((tag) => (
        <section key={tag.name} className="space-y-4">
          <div className="space-y-1">
            <h3 id={tagAnchor(tag.name)} lang="en" className="scroll-mt-4 text-lg font-semibold text-slate-900">
              {tag.name}
            </h3>
            <Prose text={tag.description} />
          </div>
          {tag.operations.map((operation) => (
            <OperationView key={operation.id} operation={operation} components={components} />
          ))}
        </section>
      ))}
    </section>
  );
}
