import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Not found</h1>
      <p className="mt-2 text-sm text-slate-600">There is nothing here, or you do not have access to it.</p>
      <Link href="/servers" className="mt-6 text-sm font-medium text-indigo-700 hover:text-indigo-600">
        Back to your servers
      </Link>
    </main>
  );
}
