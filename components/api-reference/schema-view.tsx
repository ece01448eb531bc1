import { getTranslations } from "next-intl/server";
import { schemaAnchor } from "./anchors";
import { Code, LINK, Prose } from "./prose";
import { isType, labelOf, type Field, type LabelPart, type Limit, type Shape } from "./schema-shape";
import type { ReferenceWords } from "./words";

// A schema as a nested list of fields: name, type, required or not, what it means, its allowed values
// and limits. A component's name links to its entry under Schemas.

/** A body, a parameter's or a component's schema: its type and meaning, then its fields. */
export function SchemaView({ shape }: { shape: Shape }) {
  // A plain object says what it is by its list of fields.
  const plainObject = !shape.ref && !shape.nullable && (shape.fields?.length ?? 0) > 0 && isType(shape.label, "object");
  return (
    <div className="space-y-2">
      {!plainObject && (
        <p className="text-sm text-slate-700">
          <TypeText shape={shape} />
        </p>
      )}
      <ShapeDetails shape={shape} />
      <Contents shape={shape} boxed />
    </div>
  );
}

/** The type: JSON Schema's type names and the components' names as they are, the words between them in the reader's language. */
export async function TypeText({ shape }: { shape: Shape }) {
  const t = await getTranslations("apiReference");
  return (
    <span className="font-mono text-xs text-slate-700">
      {labelOf(shape).map((part, index, parts) => (
        <span key={index}>
          {index > 0 && " "}
          {"word" in part ? (
            labelWord(part, parts[index - 1], t)
          ) : part.ref ? (
            <a href={`#${schemaAnchor(part.ref)}`} className={LINK}>
              {part.text}
            </a>
          ) : (
            part.text
          )}
        </span>
      ))}
      {shape.format && <span className="text-slate-600"> ({shape.format})</span>}
      {shape.nullable && <span className="text-slate-600"> {t("schema.orNull")}</span>}
    </span>
  );
}

/** A label's word; "any" after "array of" or "map of" is the items' or values' "any" ("Map von beliebigen Werten"). */
function labelWord(part: Extract<LabelPart, { word: string }>, previous: LabelPart | undefined, t: ReferenceWords): string {
  if ("count" in part) return t(`schema.type.${part.word}`, { count: part.count });
  if (part.word === "any" && previous && "word" in previous && (previous.word === "arrayOf" || previous.word === "mapOf")) return t("schema.type.anyValues");
  return t(`schema.type.${part.word}`);
}

/** A limit in words: "at least 0", "at most 100 items". The values are written as in JSON, as a request would carry them. */
export function limitText(limit: Limit, t: ReferenceWords): string {
  switch (limit.kind) {
    case "pattern":
      return t("schema.limit.pattern", { pattern: limit.value });
    case "default":
      return t("schema.limit.default", { value: limit.value });
    case "minLength":
    case "maxLength":
    case "minItems":
    case "maxItems":
    case "keysMaxLength":
      return t(`schema.limit.${limit.kind}`, { count: limit.value, value: String(limit.value) });
    default:
      return t(`schema.limit.${limit.kind}`, { value: String(limit.value) });
  }
}

/** What a shape means, the values it takes and its limits (those of an array's items too). */
export async function ShapeDetails({ shape }: { shape: Shape }) {
  const t = await getTranslations("apiReference");
  const values = shape.values ?? shape.items?.values;
  const limits = [...shape.limits.map((limit) => limitText(limit, t)), ...(shape.items ? shape.items.limits.map((limit) => t("schema.limit.each", { limit: limitText(limit, t) })) : [])];
  const empty = shape.fields?.length === 0 && !shape.items;
  return (
    <>
      <Prose text={shape.description} lang={shape.pageDescription ? undefined : "en"} />
      {values && (
        <p className="flex flex-wrap items-baseline gap-1.5 text-sm text-slate-700">
          <span>{values.constant ? t("schema.always") : shape.values ? t("schema.oneOf") : t("schema.eachOneOf")}</span>
          {values.list.map((value, index) => (
            <Code key={index}>{typeof value === "string" ? value : JSON.stringify(value)}</Code>
          ))}
        </p>
      )}
      {limits.length > 0 && <p className="text-xs text-slate-600 wrap-anywhere">{limits.join(" · ")}</p>}
      {empty && <p className="text-xs text-slate-600">{t("schema.emptyObject")}</p>}
    </>
  );
}

/** The fields (or the variants) of a shape, or of the items of an array or the values of a map. */
function Contents({ shape, boxed = false }: { shape: Shape; boxed?: boolean }) {
  const inner = shape.fields || shape.variants || !shape.items ? shape : shape.items;
  if (inner.recursive) return null;
  if (inner.fields && inner.fields.length > 0) return <FieldList fields={inner.fields} boxed={boxed} />;
  if (inner.variants) return <Variants shapes={inner.variants.shapes} kind={inner.variants.kind} />;
  return null;
}

async function FieldList({ fields, boxed }: { fields: Field[]; boxed: boolean }) {
  const t = await getTranslations("apiReference");
  return (
    <ul className={boxed ? "divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" : "mt-2 divide-y divide-slate-100 border-l-2 border-slate-200 pl-3"}>
      {fields.map((field) => (
        <li key={field.name} className={boxed ? "space-y-1 px-3 py-2.5" : "space-y-1 py-2"}>
          <p className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
            <code className="font-mono text-sm font-semibold text-slate-900 wrap-anywhere">{field.name}</code>
            <TypeText shape={field.shape} />
            {field.required ? <span className="text-xs font-medium text-amber-800">{t("required")}</span> : <span className="text-xs text-slate-600">{t("optional")}</span>}
          </p>
          <ShapeDetails shape={field.shape} />
          <Contents shape={field.shape} />
        </li>
      ))}
    </ul>
  );
}

async function Variants({ shapes, kind }: { shapes: Shape[]; kind: "oneOf" | "anyOf" | "allOf" }) {
  const t = await getTranslations("apiReference");
  return (
    <div className="mt-2 space-y-2">
      <p className="text-xs font-medium text-slate-600">{t(`schema.variants.${kind}`)}</p>
      <ol className="space-y-3">
        {shapes.map((shape, index) => (
          <li key={index} className="rounded-lg border border-dashed border-slate-300 p-3">
            <p className="mb-1 text-xs font-semibold text-slate-700">
              <VariantTitle shape={shape} index={index} />
            </p>
            <div className="space-y-1">
              <TypeText shape={shape} />
              <ShapeDetails shape={shape} />
              <Contents shape={shape} />
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** A variant of a tagged union is named by its tag: "When command is restart". */
async function VariantTitle({ shape, index }: { shape: Shape; index: number }) {
  const t = await getTranslations("apiReference");
  const tag = shape.fields?.find((field) => field.shape.values?.constant);
  const value = tag?.shape.values?.list[0];
  if (!tag || value === undefined) return <>{t("schema.variant", { number: index + 1 })}</>;
  return <>{t.rich("schema.when", { field: tag.name, value: typeof value === "string" ? value : JSON.stringify(value), code: (chunks) => <Code>{chunks}</Code> })}</>;
}
