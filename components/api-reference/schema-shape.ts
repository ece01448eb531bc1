import * as z from "zod/mini";

// A JSON Schema (as OpenAPI 3.1 writes it) read into what a person needs of it: a type in words,
// whether it may be null, its allowed values and limits, and its fields. `$ref`s are resolved against
// the document's components and expanded where they are used, except inside themselves (JsonValue).

/**
 * A type as parts: JSON Schema's own type names and components' names (`text`, written as they are;
 * a part with `ref` names a component and links to it), and the words around them (`word`), which
 * the page writes in the reader's language.
 */
export type LabelPart = { text: string; ref?: string } | { word: "any" | "or" | "and" | "arrayOf" | "mapOf" | "allOf" } | { word: "oneOfShapes" | "anyOfShapes"; count: number };
export type TypeLabel = LabelPart[];

/** A limit on a value, in words on the page: "at least 0", "at most 100 items". */
export type Limit =
  | { kind: "minimum" | "exclusiveMinimum" | "maximum" | "exclusiveMaximum" | "minLength" | "maxLength" | "minItems" | "maxItems" | "keysMaxLength"; value: number }
  | { kind: "pattern" | "default"; value: string };

export type Shape = {
  /** The type in words (a component's own type, not its name: see labelOf). */
  label: TypeLabel;
  /** The component this shape is, when it came from a `$ref`. */
  ref?: string;
  nullable: boolean;
  description?: string;
  /** The description is the page's own, in the reader's language, not the document's (in English). */
  pageDescription?: boolean;
  format?: string;
  /** Allowed values (`enum`), or the one value (`const`). */
  values?: { list: unknown[]; constant: boolean };
  limits: Limit[];
  fields?: Field[];
  /** The element of an array, the value of a map. */
  items?: Shape;
  /** The shapes of a oneOf/anyOf that are more than a type name. */
  variants?: { kind: "oneOf" | "anyOf" | "allOf"; shapes: Shape[] };
  /** A component met again inside itself: named, not expanded. */
  recursive?: boolean;
};

export type Field = { name: string; required: boolean; shape: Shape };

export type Components = Record<string, unknown>;

const subschemas = z.optional(z.array(z.unknown()));
const number = z.optional(z.number());
const keywordsSchema = z.object({
  $ref: z.optional(z.string()),
  type: z.optional(z.union([z.string(), z.array(z.string())])),
  nullable: z.optional(z.boolean()),
  description: z.optional(z.string()),
  format: z.optional(z.string()),
  pattern: z.optional(z.string()),
  enum: z.optional(z.array(z.unknown())),
  const: z.optional(z.unknown()),
  default: z.optional(z.unknown()),
  properties: z.optional(z.record(z.string(), z.unknown())),
  required: z.optional(z.array(z.string())),
  items: z.optional(z.unknown()),
  additionalProperties: z.optional(z.unknown()),
  propertyNames: z.optional(z.unknown()),
  oneOf: subschemas,
  anyOf: subschemas,
  allOf: subschemas,
  minimum: number,
  maximum: number,
  exclusiveMinimum: number,
  exclusiveMaximum: number,
  minLength: number,
  maxLength: number,
  minItems: number,
  maxItems: number,
});
type Keywords = z.infer<typeof keywordsSchema>;

/** `true`, `{}` and anything unreadable accept any value. */
function keywordsOf(schema: unknown): Keywords {
  const parsed = keywordsSchema.safeParse(schema);
  return parsed.success ? parsed.data : {};
}

const COMPONENT_REF = "#/components/schemas/";

export function componentName(ref: string): string {
  return ref.startsWith(COMPONENT_REF) ? decodeURIComponent(ref.slice(COMPONENT_REF.length)) : ref;
}

export function shapeOf(schema: unknown, components: Components, within: readonly string[] = []): Shape {
  const keywords = keywordsOf(schema);
  if (keywords.$ref !== undefined) return referenced(keywords, components, within);
  const variants = keywords.oneOf ? ("oneOf" as const) : keywords.anyOf ? ("anyOf" as const) : keywords.allOf ? ("allOf" as const) : undefined;
  if (variants) return combined(keywords, variants, components, within);

  const types = typeof keywords.type === "string" ? [keywords.type] : (keywords.type ?? []);
  const nullable = keywords.nullable === true || (types.includes("null") && types.length > 1);
  const named = types.filter((type) => type !== "null" || types.length === 1);
  const shape: Shape = {
    label: named.length > 0 ? named.flatMap((type, index): LabelPart[] => (index > 0 ? [{ word: "or" }, { text: type }] : [{ text: type }])) : [{ word: "any" }],
    nullable,
    description: keywords.description,
    format: keywords.format,
    limits: limitsOf(keywords),
    ...(keywords.enum ? { values: { list: keywords.enum, constant: false } } : "const" in keywords ? { values: { list: [keywords.const], constant: true } } : {}),
  };
  if (named.includes("array") || keywords.items !== undefined) return arrayShape(shape, keywords, components, within);
  if (named.includes("object") || keywords.properties || keywords.additionalProperties !== undefined) return objectShape(shape, keywords, components, within);
  return shape;
}

function referenced(keywords: Keywords, components: Components, within: readonly string[]): Shape {
  const name = componentName(keywords.$ref ?? "");
  if (within.includes(name) || !(name in components)) return { label: [{ text: name, ref: name }], ref: name, nullable: false, description: keywords.description, limits: [], recursive: true };
  const target = shapeOf(components[name], components, [...within, name]);
  return { ...target, ref: name, description: keywords.description ?? target.description };
}

function combined(keywords: Keywords, kind: "oneOf" | "anyOf" | "allOf", components: Components, within: readonly string[]): Shape {
  const all = (keywords[kind] ?? []).map((schema) => shapeOf(schema, components, within));
  const isNull = (shape: Shape) => !shape.ref && isType(shape.label, "null") && !shape.fields;
  const shapes = kind === "allOf" ? all : all.filter((shape) => !isNull(shape));
  const nullable = shapes.length < all.length || keywords.nullable === true;
  const own = { description: keywords.description, limits: limitsOf(keywords) };
  // X or null: X, nullable.
  const [only] = shapes;
  if (only && shapes.length === 1) return { ...only, nullable: nullable || only.nullable, description: own.description ?? only.description, limits: [...only.limits, ...own.limits] };
  const label = shapes.flatMap((shape, index): LabelPart[] => [...(index > 0 ? [{ word: kind === "allOf" ? ("and" as const) : ("or" as const) }] : []), ...labelOf(shape)]);
  // Type names alone (string or number…) read well inline; shapes with fields are listed one by one.
  const detailed = shapes.filter((shape) => hasDetail(shape));
  return {
    label: detailed.length > 0 ? [kind === "allOf" ? { word: "allOf" } : { word: kind === "oneOf" ? "oneOfShapes" : "anyOfShapes", count: shapes.length }] : label,
    nullable,
    ...own,
    ...(detailed.length > 0 ? { variants: { kind, shapes } } : {}),
  };
}

function arrayShape(shape: Shape, keywords: Keywords, components: Components, within: readonly string[]): Shape {
  const items = shapeOf(keywords.items ?? true, components, within);
  return { ...shape, label: [{ word: "arrayOf" }, ...labelOf(items)], items };
}

function objectShape(shape: Shape, keywords: Keywords, components: Components, within: readonly string[]): Shape {
  const required = new Set(keywords.required ?? []);
  const fields = Object.entries(keywords.properties ?? {}).map(([name, schema]) => ({ name, required: required.has(name), shape: shapeOf(schema, components, within) }));
  const extra = keywords.additionalProperties;
  if (fields.length > 0 || extra === undefined || extra === false) return { ...shape, label: [{ text: "object" }], fields };
  // A map: any keys, each value of one shape.
  const items = shapeOf(extra, components, within);
  const keys = keywordsOf(keywords.propertyNames);
  const keyLimits: Limit[] = keys.maxLength !== undefined ? [{ kind: "keysMaxLength", value: keys.maxLength }] : [];
  return { ...shape, label: [{ word: "mapOf" }, ...labelOf(items)], items, limits: [...shape.limits, ...keyLimits] };
}

/** How a shape is named where it is used: by its component, or by its type. */
export function labelOf(shape: Shape): TypeLabel {
  return shape.ref ? [{ text: shape.ref, ref: shape.ref }] : shape.label;
}

/** Whether a label is the one JSON Schema type `type` ("object", "null"). */
export function isType(label: TypeLabel, type: string): boolean {
  const [only] = label;
  return label.length === 1 && only !== undefined && "text" in only && only.ref === undefined && only.text === type;
}

/** Whether a shape has more to show than its type name. */
export function hasDetail(shape: Shape): boolean {
  if (shape.recursive) return false;
  if ((shape.fields?.length ?? 0) > 0 || shape.variants) return true;
  return shape.items ? hasDetail(shape.items) || shape.items.values !== undefined : false;
}

// JavaScript's safe-integer bounds, which zod states for every integer: noise to a reader.
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

function limitsOf(keywords: Keywords): Limit[] {
  const limits: Limit[] = [];
  for (const kind of ["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"] as const) {
    const value = keywords[kind];
    if (value !== undefined && Math.abs(value) < UNBOUNDED) limits.push({ kind, value });
  }
  for (const kind of ["minLength", "maxLength", "minItems", "maxItems"] as const) {
    const value = keywords[kind];
    if (value !== undefined) limits.push({ kind, value });
  }
  // A format (uuid, date-time) says what its generated pattern says, readably.
  if (keywords.pattern !== undefined && keywords.format === undefined) limits.push({ kind: "pattern", value: keywords.pattern });
  if ("default" in keywords) limits.push({ kind: "default", value: JSON.stringify(keywords.default) });
  return limits;
}
