import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { operationAnchor, securityAnchor } from "./anchors";
import { ErrorCodes } from "./error-codes";
import { MethodBadge, PathText } from "./method-badge";
import { Code, Inline, LINK, Prose } from "./prose";
import type { Operation, Parameter, Response } from "./reference-model";
import { shapeOf, type Components } from "./schema-shape";
import { SchemaView, ShapeDetails, TypeText } from "./schema-view";
import { reasonPhrase } from "./status-text";

// One operation: what it does, who may call it, what it takes and what it answers.

const JSON_MEDIA_TYPE = "application/json";

export async function OperationView({ operation, components }: { operation: Operation; components: Components }) {
  const t = await getTranslations("apiReference");
  const anchor = operationAnchor(operation.id);
  return (
    <article id={anchor} aria-labelledby={`${anchor}-title`} className="scroll-mt-4 rounded-xl border border-slate-200 bg-white shadow-sm">
      <header className="space-y-2 border-b border-slate-100 px-4 py-4 sm:px-5">
        <h4 id={`${anchor}-title`} className="text-base font-semibold text-slate-900">
          <a href={`#${anchor}`} lang="en" className="rounded-sm hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
            {operation.summary}
          </a>
        </h4>
        <p className="flex items-start gap-2 text-sm text-slate-800">
          <MethodBadge method={operation.method} />
          <span className="min-w-0 pt-px wrap-anywhere">
            <PathText path={operation.path} />
          </span>
        </p>
        <p className="text-xs text-slate-600">
          <span className="font-medium text-slate-700">{t("operation.authentication")}</span>{" "}
          <Security alternatives={operation.security} />
        </p>
      </header>
      <div className="space-y-6 px-4 py-4 sm:px-5">
        <Prose text={operation.description} />
        {operation.parameters.length > 0 && (
          <Part title={t("operation.parameters")}>
            <Parameters parameters={operation.parameters} components={components} />
          </Part>
        )}
        {operation.requestBody && (
          <Part title={t("operation.requestBody")}>
            <p className="text-xs text-slate-600">
              <Code>{JSON_MEDIA_TYPE}</Code>, {operation.requestBody.required ? t("required") : t("optional")}
            </p>
            <Prose text={operation.requestBody.description} />
            <SchemaView shape={shapeOf(operation.requestBody.schema, components)} />
          </Part>
        )}
        <Part title={t("operation.responses")}>
          <ul className="space-y-4">
            {operation.responses.map((response, index) => (
              <ResponseView key={response.status} response={response} sameAs={sameBodyAs(operation.responses.slice(0, index), response)} components={components} />
            ))}
          </ul>
        </Part>
        {operation.errors.length > 0 && (
          <Part title={t("operation.errors")}>
            <ErrorCodes errors={operation.errors} operation={operation.summary} />
          </Part>
        )}
      </div>
    </article>
  );
}

function Part({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2">
      <h5 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{title}</h5>
      {children}
    </section>
  );
}

async function Security({ alternatives }: { alternatives: string[][] }) {
  const t = await getTranslations("apiReference");
  if (alternatives.length === 0) return <>{t("operation.noAuthentication")}</>;
  return alternatives.map((schemes, index) => (
    <span key={schemes.join(" ")}>
      {index > 0 && ` ${t("or")} `}
      {schemes.map((scheme, position) => (
        <span key={scheme}>
          {position > 0 && ` ${t("and")} `}
          <a href={`#${securityAnchor(scheme)}`} className={`${LINK} font-mono`}>
            {scheme}
          </a>
        </span>
      ))}
    </span>
  ));
}

const LOCATIONS = ["path", "query", "header", "cookie"] as const;
const isLocation = (location: string): location is (typeof LOCATIONS)[number] => (LOCATIONS as readonly string[]).includes(location);

async function Parameters({ parameters, components }: { parameters: Parameter[]; components: Components }) {
  const t = await getTranslations("apiReference");
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200">
      {parameters.map((parameter) => {
        const shape = shapeOf(parameter.schema, components);
        return (
          <li key={`${parameter.in} ${parameter.name}`} className="space-y-1 px-3 py-2.5">
            <p className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
              <code className="font-mono text-sm font-semibold text-slate-900">{parameter.name}</code>
              <span className="text-xs text-slate-600">{isLocation(parameter.in) ? t(`operation.in.${parameter.in}`) : t("operation.inOther", { location: parameter.in })}</span>
              <TypeText shape={shape} />
              {parameter.required ? <span className="text-xs font-medium text-amber-800">{t("required")}</span> : <span className="text-xs text-slate-600">{t("optional")}</span>}
            </p>
            <ShapeDetails shape={{ ...shape, description: parameter.description ?? shape.description }} />
          </li>
        );
      })}
    </ul>
  );
}

async function ResponseView({ response, sameAs, components }: { response: Response; sameAs?: string; components: Components }) {
  const t = await getTranslations("apiReference.operation");
  const success = response.status.startsWith("2");
  return (
    <li className="space-y-2">
      <p className="flex flex-wrap items-baseline gap-x-2 gap-y-1 text-sm">
        <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold ring-1 ring-inset ${success ? "bg-emerald-50 text-emerald-800 ring-emerald-600/30" : "bg-slate-100 text-slate-800 ring-slate-300"}`}>
          {response.status}
        </span>
        <span className="font-medium text-slate-800">{reasonPhrase(response.status)}</span>
      </p>
      <Prose text={beyondReason(response)} />
      {response.headers.map((header) => (
        <p key={header.name} className="text-sm text-slate-700">
          {t.rich("header", { name: header.name, code: (chunks) => <Code>{chunks}</Code> })}
          {header.description && (
            <>
              : <span lang="en"><Inline text={header.description} /></span>
            </>
          )}
        </p>
      ))}
      {response.schema === undefined ? (
        <p className="text-sm text-slate-600">{t("noBody")}</p>
      ) : sameAs ? (
        <p className="text-sm text-slate-700">{t("sameBody", { status: sameAs })}</p>
      ) : (
        <SchemaView shape={shapeOf(response.schema, components)} />
      )}
    </li>
  );
}

/** A response's description past its reason phrase: "Accepted: the action is queued" says "The action is queued". */
function beyondReason({ status, description }: Response): string | undefined {
  const reason = reasonPhrase(status);
  if (!description || description === reason) return undefined;
  const rest = reason && description.startsWith(`${reason}: `) ? description.slice(reason.length + 2) : description;
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** An earlier status of the operation that answers with exactly this body, not to list it twice. */
function sameBodyAs(earlier: Response[], response: Response): string | undefined {
  const body = JSON.stringify(response.schema);
  return earlier.find((other) => other.schema !== undefined && JSON.stringify(other.schema) === body)?.status;
}
