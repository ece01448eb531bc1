import { getTranslations } from "next-intl/server";
import { schemaAnchor } from "./anchors";
import { shapeOf, type Components } from "./schema-shape";
import { SchemaView } from "./schema-view";

// The document's named schemas, each once, where the operations' types link to.

export async function Schemas({ components }: { components: Components }) {
  const t = await getTranslations("apiReference.schemas");
  return (
    <section className="space-y-6">
      <header className="space-y-2 border-b border-slate-200 pb-3">
        <h2 id="schemas" className="scroll-mt-4 text-2xl font-semibold text-slate-900">
          {t("title")}
        </h2>
        <p className="text-sm text-slate-700">{t("intro")}</p>
      </header>
      {Object.entries(components).map(([name, schema]) => (
        <article key={name} aria-labelledby={schemaAnchor(name)} className="space-y-2 rounded-xl border border-slate-200 bg-white px-4 py-4 shadow-sm sm:px-5">
          <h3 id={schemaAnchor(name)} className="scroll-mt-4 font-mono text-base font-semibold text-slate-900">
            {name}
          </h3>
          <SchemaView shape={shapeOf(schema, components, [name])} />
        </article>
      ))}
    </section>
  );
}
