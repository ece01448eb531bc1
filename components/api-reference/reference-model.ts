import * as z from "zod/mini";
import type { Components } from "./schema-shape";

// The OpenAPI document read as the reference page shows it: operations grouped into the customer
// API and the provider API and, within each, by tag; each error answer split into its codes, each
// with the meaning the document gives it ("`code`: meaning" in the response's description).

const METHODS = ["get", "put", "post", "patch", "delete", "head", "options", "trace"] as const;

const contentSchema = z.optional(z.record(z.string(), z.object({ schema: z.optional(z.unknown()) })));
const headersSchema = z.optional(z.record(z.string(), z.object({ description: z.optional(z.string()), schema: z.optional(z.unknown()) })));
const operationSchema = z.object({
  operationId: z.string(),
  summary: z.optional(z.string()),
  description: z.optional(z.string()),
  tags: z.optional(z.array(z.string())),
  security: z.optional(z.array(z.record(z.string(), z.array(z.string())))),
  parameters: z.optional(
    z.array(z.object({ name: z.string(), in: z.string(), required: z.optional(z.boolean()), description: z.optional(z.string()), schema: z.optional(z.unknown()) })),
  ),
  requestBody: z.optional(z.object({ required: z.optional(z.boolean()), description: z.optional(z.string()), content: contentSchema })),
  responses: z.record(z.string(), z.object({ description: z.optional(z.string()), headers: headersSchema, content: contentSchema })),
});
const documentSchema = z.object({
  info: z.object({ title: z.string(), version: z.string(), description: z.optional(z.string()) }),
  servers: z.optional(z.array(z.object({ url: z.string(), description: z.optional(z.string()) }))),
  tags: z.optional(z.array(z.object({ name: z.string(), description: z.optional(z.string()) }))),
  components: z.optional(
    z.object({
      schemas: z.optional(z.record(z.string(), z.unknown())),
      securitySchemes: z.optional(
        z.record(z.string(), z.object({ type: z.string(), scheme: z.optional(z.string()), in: z.optional(z.string()), name: z.optional(z.string()), description: z.optional(z.string()) })),
      ),
    }),
  ),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});
/** An error answer: the API's error body, its `code` narrowed to the codes of that status. */
const errorBodySchema = z.object({ properties: z.object({ error: z.object({ properties: z.object({ code: z.object({ enum: z.array(z.string()) }) }) }) }) });

export type Parameter = { name: string; in: string; required: boolean; description?: string; schema?: unknown };
export type Header = { name: string; description?: string; schema?: unknown };
export type Response = { status: string; description?: string; schema: unknown; headers: Header[] };
export type ErrorCode = { code: string; meaning?: string };
export type ErrorStatus = { status: string; codes: ErrorCode[]; headers: Header[] };

export type Operation = {
  id: string;
  method: string;
  path: string;
  summary: string;
  description?: string;
  /** Alternatives, each a set of security scheme names; empty: no credentials needed. */
  security: string[][];
  parameters: Parameter[];
  requestBody?: { required: boolean; description?: string; schema: unknown };
  responses: Response[];
  errors: ErrorStatus[];
};

export type TagSection = { name: string; description?: string; operations: Operation[] };
/** The customer API, the provider API or the admin API: named on the page, in the reader's language, by its id. */
export type ApiGroup = { id: "customer-api" | "provider-api" | "admin-api"; tags: TagSection[] };
export type SecurityScheme = { name: string; type: string; scheme?: string; in?: string; parameter?: string; description?: string };

export type ApiReference = {
  title: string;
  version: string;
  description?: string;
  serverUrl: string;
  securitySchemes: SecurityScheme[];
  groups: ApiGroup[];
  components: Components;
  /** The error body every refusal shares, as the first error answer states it. */
  errorBody?: unknown;
};

const GROUPS = ["customer-api", "provider-api", "admin-api"] as const;

function groupOf(path: string): ApiGroup["id"] {
  if (path.startsWith("/api/provider/")) return "provider-api";
  return path.startsWith("/api/admin/") ? "admin-api" : "customer-api";
}

export function readApiReference(document: unknown): ApiReference {
  const parsed = documentSchema.parse(document);
  const operations = Object.entries(parsed.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] === undefined ? [] : [{ path, method, raw: operationSchema.parse(item[method]) }])),
  );
  const tagOf = ({ raw }: (typeof operations)[number]) => raw.tags?.[0] ?? "Other";
  const tagOrder = (parsed.tags ?? []).map((tag) => tag.name);
  const groups = GROUPS.map((id) => {
    const mine = operations.filter(({ path }) => groupOf(path) === id);
    const names = [...new Set(mine.map(tagOf))].sort((a, b) => orderOf(tagOrder, a) - orderOf(tagOrder, b));
    const tags = names.map((name) => ({
      name,
      description: parsed.tags?.find((tag) => tag.name === name)?.description,
      operations: mine.filter((operation) => tagOf(operation) === name).map(({ path, method, raw }) => readOperation(path, method, raw)),
    }));
    return { id, tags };
  });
  const errorBody = operations.flatMap(({ raw }) => Object.entries(raw.responses)).find(([status, response]) => Number(status) >= 400 && errorCodesOf(response.content) !== null)?.[1];
  return {
    title: parsed.info.title,
    version: parsed.info.version,
    description: parsed.info.description,
    serverUrl: parsed.servers?.[0]?.url ?? "/",
    securitySchemes: Object.entries(parsed.components?.securitySchemes ?? {}).map(([name, scheme]) => ({
      name,
      type: scheme.type,
      scheme: scheme.scheme,
      in: scheme.in,
      parameter: scheme.name,
      description: scheme.description,
    })),
    groups: groups.filter((group) => group.tags.length > 0),
    components: parsed.components?.schemas ?? {},
    errorBody: jsonSchemaOf(errorBody?.content),
  };
}

function orderOf(order: string[], name: string): number {
  const index = order.indexOf(name);
  return index === -1 ? order.length : index;
}

function readOperation(path: string, method: string, raw: z.infer<typeof operationSchema>): Operation {
  const responses: Response[] = [];
  const errors: ErrorStatus[] = [];
  for (const [status, response] of Object.entries(raw.responses).sort(([a], [b]) => a.localeCompare(b))) {
    const headers = Object.entries(response.headers ?? {}).map(([name, header]) => ({ name, ...header }));
    const codes = Number(status) >= 400 ? errorCodesOf(response.content) : null;
    if (codes) errors.push({ status, headers, codes: codes.map((code) => ({ code, meaning: meaningOf(code, response.description) })) });
    else responses.push({ status, description: response.description, schema: jsonSchemaOf(response.content), headers });
  }
  return {
    id: raw.operationId,
    method: method.toUpperCase(),
    path,
    summary: raw.summary ?? `${method.toUpperCase()} ${path}`,
    description: raw.description,
    security: (raw.security ?? []).map((requirement) => Object.keys(requirement)),
    parameters: (raw.parameters ?? []).map((parameter) => ({ ...parameter, required: parameter.required ?? false })),
    requestBody: raw.requestBody && { required: raw.requestBody.required ?? false, description: raw.requestBody.description, schema: jsonSchemaOf(raw.requestBody.content) },
    responses,
    errors,
  };
}

function jsonSchemaOf(content: z.infer<typeof contentSchema>): unknown {
  return content?.["application/json"]?.schema;
}

function errorCodesOf(content: z.infer<typeof contentSchema>): string[] | null {
  const parsed = errorBodySchema.safeParse(jsonSchemaOf(content));
  return parsed.success ? parsed.data.properties.error.properties.code.enum : null;
}

/** The paragraph "`code`: meaning" of an error answer's description. */
function meaningOf(code: string, description: string | undefined): string | undefined {
  const prefix = `\`${code}\`:`;
  return description
    ?.split("\n\n")
    .find((paragraph) => paragraph.startsWith(prefix))
    ?.slice(prefix.length)
    .trim();
}
