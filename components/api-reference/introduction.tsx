import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { securityAnchor } from "./anchors";
import { Code, LINK, Prose } from "./prose";
import type { ApiGroup, ApiReference, SecurityScheme } from "./reference-model";
import { shapeOf, type Field, type Shape } from "./schema-shape";
import { SchemaView } from "./schema-view";
import type { ReferenceWords } from "./words";

// What a reader needs before any operation: where the API is, how to authenticate, what an error looks like.

const EXAMPLE_ORIGIN = "https://panel.example.com";

export async function Introduction({ reference }: { reference: ApiReference }) {
  const t = await getTranslations("apiReference");
  const code = (chunks: ReactNode) => <Code>{chunks}</Code>;
  const example = reference.groups
    .find((group) => group.id === "customer-api")
    ?.tags.flatMap((tag) => tag.operations)
    .find((operation) => operation.method === "GET" && !operation.path.includes("{") && operation.security.length > 0);
  const examplePath = example?.path ?? "/api/v1";
  return (
    <>
      <Section id="base-url" title={t("introduction.baseUrl.title")}>
        <p>{t.rich("introduction.baseUrl.text", { serverUrl: reference.serverUrl, origin: EXAMPLE_ORIGIN, path: examplePath, url: `${EXAMPLE_ORIGIN}${examplePath}`, code })}</p>
      </Section>

      <Section id="authentication" title={t("introduction.authentication.title")}>
        <p>{t.rich("introduction.authentication.text", { code })}</p>
        <ul className="list-disc space-y-1 pl-5">
          {reference.groups.map((group) => (
            <li key={group.id}>
              <a href={`#${group.id}`} className={LINK}>
                {t(`groups.${group.id}.title`)}
              </a>
              : {schemesOf(group).map((scheme, index) => [index > 0 && ` ${t("or")} `, <Code key={scheme}>{scheme}</Code>])}
            </li>
          ))}
        </ul>
        <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {reference.securitySchemes.map((scheme) => (
            <div key={scheme.name} id={securityAnchor(scheme.name)} className="scroll-mt-4 space-y-1 px-4 py-3">
              <dt className="flex flex-wrap items-baseline gap-x-2">
                <code className="font-mono text-sm font-semibold text-slate-900">{scheme.name}</code>
                <span className="text-xs text-slate-600">{sentAs(scheme, t)}</span>
              </dt>
              <dd>
                <Prose text={scheme.description} />
              </dd>
            </div>
          ))}
        </dl>
        {example && (
          <pre className="rounded-lg bg-slate-900 px-4 py-3 font-mono text-xs leading-5 whitespace-pre-wrap text-slate-100 wrap-anywhere">
            <code>{curlExample(example.path)}</code>
          </pre>
        )}
      </Section>

      <Section id="errors" title={t("introduction.errors.title")}>
        <p>{t.rich("introduction.errors.text", { code })}</p>
        {reference.errorBody !== undefined && <SchemaView shape={withAnyCode(shapeOf(reference.errorBody, reference.components), t("introduction.errors.codeField"))} />}
      </Section>
    </>
  );
}

/** A shell command, the same in every language. */
function curlExample(path: string): string {
  return `curl -H "Authorization: Bearer $VPSD_TOKEN" \\\n  ${EXAMPLE_ORIGIN}${path}`;
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

/** How a scheme's credential travels: "HTTP header Authorization: Bearer <token>", "cookie next-auth.session-token". */
function sentAs(scheme: SecurityScheme, t: ReferenceWords): string {
  const words = "introduction.authentication.sentAs";
  if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "bearer") return t(`${words}.bearer`, { header: "Authorization: Bearer <token>" });
  if (scheme.type === "http") return t(`${words}.http`, { scheme: scheme.scheme ?? "" });
  if (scheme.type === "apiKey") return t(`${words}.${scheme.in === "cookie" ? "cookie" : scheme.in === "query" ? "query" : "header"}`, { name: scheme.parameter ?? "" });
  return scheme.type;
}

/** The error body as every operation shares it: each narrows `code` to its own codes (described as `description`). */
function withAnyCode(shape: Shape, description: string): Shape {
  const field = (each: Field): Field =>
    each.name === "code" ? { ...each, shape: { ...each.shape, values: undefined, description, pageDescription: true } } : { ...each, shape: withAnyCode(each.shape, description) };
  return shape.fields ? { ...shape, fields: shape.fields.map(field) } : shape;
}
