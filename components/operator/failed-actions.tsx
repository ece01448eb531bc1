import type { FailedActionRow } from "@/lib/operators/fleet-view";

/** Each failure with what the customer read and what the host said; libvirt's words are for operators only. */
export function FailedActions({ rows }: { rows: FailedActionRow[] }) {
  return (
    <ul className="space-y-3">
      {rows.map((action) => (
        <li key={action.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
            <h3 className="font-medium text-slate-900">
              {action.command.replace("_", " ")} on {action.server.name}
              <span className="ml-2 font-mono text-xs font-normal text-slate-600">{action.server.domainName} · {action.host}</span>
            </h3>
            <p className="text-xs text-slate-600">
              {action.finishedAt ? <time dateTime={action.finishedAt.toISOString()}>{action.finishedAt.toISOString().replace("T", " ").slice(0, 19)} UTC</time> : "not finished"}
              {" · "}
              {action.attempts === 1 ? "1 attempt" : `${action.attempts} attempts`} · {action.owner}
            </p>
          </div>
          <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-[8rem_1fr]">
            <dt className="text-slate-600">Code</dt>
            <dd className="font-mono text-red-800">{action.errorCode ?? "none"}</dd>
            <dt className="text-slate-600">Customer read</dt>
            <dd className="text-slate-800">{action.message ?? "No message"}</dd>
            <dt className="text-slate-600">Host said</dt>
            <dd>
              {action.detail ? (
                <pre className="overflow-x-auto whitespace-pre-wrap break-words rounded bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">{action.detail}</pre>
              ) : (
                <span className="text-slate-600">Nothing beyond the code</span>
              )}
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
