import { schemaAnchor } from "./anchors";
import { Code, Inline, LINK, Prose } from "./prose";
import { labelOf, type Field, type Shape } from "./schema-shape";

// A schema as a nested list of fields: name, type, required or not, what it means, its allowed values
// and limits. A component's name links to its entry under Schemas.

/** A body, a parameter's or a component's schema: its type and meaning, then its fields. */
export function SchemaView({ shape }: { shape: Shape }) {
  // A plain object says what it is by its list of fields.
  const plainObject = !shape.ref && !shape.nullable && (shape.fields?.length ?? 0) > 0 && shape.label.map(({ text }) => text).join("") === "object";
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

export function TypeText({ shape }: { shape: Shape }) {
  return (
    <span className="font-mono text-xs text-slate-700">
      {labelOf(shape).map((part, index) =>
        part.ref ? (
          <a key={index} href={`#${schemaAnchor(part.ref)}`} className={LINK}>
            {part.text}
          </a>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
      {shape.format && <span className="text-slate-600"> ({shape.format})</span>}
      {shape.nullable && <span className="text-slate-600"> or null</span>}
    </span>
  );
}

/** What a shape means, the values it takes and its limits (those of an array's items too). */
export function ShapeDetails({ shape }: { shape: Shape }) {
  const values = shape.values ?? shape.items?.values;
  const limits = [...shape.limits, ...(shape.items ? shape.items.limits.map((limit) => `each ${limit}`) : [])];
  const empty = shape.fields?.length === 0 && !shape.items;
  return (
    <>
      <Prose text={shape.description} />
      {values && (
        <p className="flex flex-wrap items-baseline gap-1.5 text-sm text-slate-700">
          <span>{values.constant ? "Always" : shape.values ? "One of" : "Each one of"}</span>
          {values.list.map((value, index) => (
            <Code key={index}>{typeof value === "string" ? value : JSON.stringify(value)}</Code>
          ))}
        </p>
      )}
      {limits.length > 0 && <p className="text-xs text-slate-600 wrap-anywhere">{limits.join(" · ")}</p>}
      {empty && <p className="text-xs text-slate-600">An empty object: no fields.</p>}
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

function FieldList({ fields, boxed }: { fields: Field[]; boxed: boolean }) {
  return (
    <ul className={boxed ? "divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" : "mt-2 divide-y divide-slate-100 border-l-2 border-slate-200 pl-3"}>
      {fields.map((field) => (
        <li key={field.name} className={boxed ? "space-y-1 px-3 py-2.5" : "space-y-1 py-2"}>
          <p className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
            <code className="font-mono text-sm font-semibold text-slate-900 wrap-anywhere">{field.name}</code>
            <TypeText shape={field.shape} />
            {field.required ? <span className="text-xs font-medium text-amber-800">required</span> : <span className="text-xs text-slate-600">optional</span>}
          </p>
          <ShapeDetails shape={field.shape} />
          <Contents shape={field.shape} />
        </li>
      ))}
    </ul>
  );
}

function Variants({ shapes, kind }: { shapes: Shape[]; kind: "oneOf" | "anyOf" | "allOf" }) {
  return (
    <div className="mt-2 space-y-2">
      <p className="text-xs font-medium text-slate-600">{kind === "oneOf" ? "Exactly one of:" : kind === "anyOf" ? "Any of:" : "All of:"}</p>
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
function VariantTitle({ shape, index }: { shape: Shape; index: number }) {
  const tag = shape.fields?.find((field) => field.shape.values?.constant);
  const value = tag?.shape.values?.list[0];
  if (!tag || value === undefined) return <>Variant {index + 1}</>;
  return <Inline text={`When \`${tag.name}\` is \`${typeof value === "string" ? value : JSON.stringify(value)}\``} />;
}
