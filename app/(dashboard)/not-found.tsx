import Link from "next/link";

export default function DashboardNotFound() {
  return (
    <div className="flex flex-col items-start gap-3 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="text-sm text-slate-600">It may have been removed, or the link is mistyped.</p>
      <Link href="/" className="text-sm text-sky-800 underline">
        Back to the overview
      </Link>
    </div>
  );
}
