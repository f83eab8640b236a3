import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/next-context";
import { overviewCounts } from "@/lib/services/overview";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const { ctx, actor } = await requirePageContext();
  const counts = await overviewCounts(ctx);
  const tiles = [
    { label: "Protected assets", value: counts.assets },
    { label: "Policies", value: counts.policies },
    { label: "Restore points", value: counts.restorePoints },
    { label: "Jobs", value: counts.jobs },
  ];
  return (
    <>
      <PageHeader title="Overview" description={`Signed in as ${actor.email}.`} />
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {tiles.map((tile) => (
          <div key={tile.label} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <dt className="text-sm text-slate-600">{tile.label}</dt>
            <dd className="mt-1 text-3xl font-semibold">{tile.value}</dd>
          </div>
        ))}
      </dl>
      {counts.assets === 0 ? (
        <p className="mt-6 text-sm text-slate-600">
          Nothing is protected yet. Inventory and policies arrive with the next features.
        </p>
      ) : null}
    </>
  );
}
