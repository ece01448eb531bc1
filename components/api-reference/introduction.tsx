import type { ReactNode } from "react";
import { securityAnchor } from "./anchors";
import { Code, LINK, Prose } from "./prose";
import type { ApiGroup, ApiReference, SecurityScheme } from "./reference-model";
import { shapeOf, type Field, type Shape } from "./schema-shape";
import { SchemaView } from "./schema-view";

// What a reader needs before any operation: where the API is, how to authenticate, what an error looks like.

export function Introduction({ reference }: { reference: ApiReference }) {
  const example = reference.groups
    .find((group) => group.id === "customer-api")
    ?.tags.flatMap((tag) => tag.operations)
    .find((operation) => operation.method === "GET" && !operation.path.includes("{") && operation.security.length > 0);
  return (
    <>
      <Section id="base-url" title="Base URL">
        <p>
          Paths are relative to the address the dashboard is served from (the document&apos;s server is <Code>{reference.serverUrl}</Code>). For a dashboard at{" "}
          <Code>https://panel.example.com</Code>, <Code>{example?.path ?? "/api/v1"}</Code> is <Code>{`https://panel.example.com${example?.path ?? "/api/v1"}`}</Code>. Requests
          and answers are JSON.
        </p>
      </Section>

      <Section id="authentication" title="Authentication">
        <p>
          Scripts send a personal API token in the <Code>Authorization: Bearer</Code> header; the dashboard&apos;s own pages use the session cookie of the signed-in
          browser; the host agents send their host&apos;s agent token; operators&apos; scripts send an operator&apos;s API token. Each operation names the schemes it
          accepts:
        </p>
        <ul className="list-disc space-y-1 pl-5">
          {reference.groups.map((group) => (
            <li key={group.id}>
              <a href={`#${group.id}`} className={LINK}>
                {group.title}
              </a>
              : {schemesOf(group).map((scheme, index) => [index > 0 && " or ", <Code key={scheme}>{scheme}</Code>])}
            </li>
          ))}
        </ul>
        <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {reference.securitySchemes.map((scheme) => (
            <div key={scheme.name} id={securityAnchor(scheme.name)} className="scroll-mt-4 space-y-1 px-4 py-3">
              <dt className="flex flex-wrap items-baseline gap-x-2">
                <code className="font-mono text-sm font-semibold text-slate-900">{scheme.name}</code>
                <span className="text-xs text-slate-600">{sentAs(scheme)}</span>
              </dt>
              <dd>
                <Prose text={scheme.description} />
              </dd>
            </div>
          ))}
        </dl>
        {example && (
          <pre className="rounded-lg bg-slate-900 px-4 py-3 font-mono text-xs leading-5 whitespace-pre-wrap text-slate-100 wrap-anywhere">
            <code>{`curl -H "Authorization: Bearer $VPSD_TOKEN" \\\n  https://panel.example.com${example.path}`}</code>
          </pre>
        )}
      </Section>

      <Section id="errors" title="Errors">
        <p>
          Every refusal answers with the same body. Its <Code>code</Code> is stable: act on the code, not on the message. Each operation lists the codes it can answer,
          by status, with what each means.
        </p>
        {reference.errorBody !== undefined && <SchemaView shape={withAnyCode(shapeOf(reference.errorBody, reference.components))} />}
      </Section>
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 text-sm leading-6 text-slate-700">
      <h2 id={id} className="scroll-mt-4 text-xl font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

function schemesOf(group: ApiGroup): string[] {
  return [...new Set(group.tags.flatMap((tag) => tag.operations.flatMap((operation) => operation.security.flat())))];
}

function sentAs(scheme: SecurityScheme): string {
  if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "bearer") return "HTTP header Authorization: Bearer <token>";
  if (scheme.type === "http") return `HTTP ${scheme.scheme ?? ""} authentication`;
  if (scheme.type === "apiKey") return `${scheme.in === "cookie" ? "cookie" : scheme.in === "query" ? "query parameter" : "HTTP header"} ${scheme.parameter ?? ""}`;
  return scheme.type;
}

/** The error body as every operation shares it: each narrows `code` to its own codes. */
function withAnyCode(shape: Shape): Shape {
  const field = (each: Field): Field =>
    each.name === "code" ? { ...each, shape: { ...each.shape, values: undefined, description: "Stable; the codes of each operation are listed with it." } } : { ...each, shape: withAnyCode(each.shape) };
  return shape.fields ? { ...shape, fields: shape.fields.map(field) } : shape;
}
