const TONES: Record<string, string> = {
  GET: "bg-sky-50 text-sky-800 ring-sky-600/30",
  POST: "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
  PUT: "bg-amber-50 text-amber-900 ring-amber-600/30",
  PATCH: "bg-amber-50 text-amber-900 ring-amber-600/30",
  DELETE: "bg-red-50 text-red-800 ring-red-600/30",
};

export function MethodBadge({ method, size = "md" }: { method: string; size?: "sm" | "md" }) {
  const sizing = size === "sm" ? "w-12 text-[0.65rem]" : "w-16 text-xs";
  return (
    <span className={`inline-flex shrink-0 justify-center rounded px-1.5 py-0.5 font-mono font-semibold ring-1 ring-inset ${sizing} ${TONES[method] ?? "bg-slate-100 text-slate-700 ring-slate-300"}`}>
      {method}
    </span>
  );
}

/** A path that breaks after its slashes on a narrow screen, never inside a segment. */
export function PathText({ path }: { path: string }) {
  const segments = path.split("/");
  return (
    <span className="font-mono">
      {segments.map((segment, index) => (
        <span key={index}>
          {segment}
          {index < segments.length - 1 && (
            <>
              /<wbr />
            </>
          )}
        </span>
      ))}
    </span>
  );
}
