/** A page's title and what it is for. */
export function PageHeader({ title, lead }: { title: string; lead: string }) {
  return (
    <header className="mb-6">
      <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">{title}</h1>
      <p className="mt-1 text-sm text-slate-600">{lead}</p>
    </header>
  );
}
