import type { Metadata } from "next";
import Link from "next/link";
import { DeclareIncident } from "@/components/recovery/declare-incident";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { requirePageContext } from "@/lib/auth/next-context";
import { hasRole } from "@/lib/auth/roles";
import { listInventory } from "@/lib/services/inventory";
import { listRecoveries } from "@/lib/services/recovery-views";
import { declareIncidentAction } from "./actions";

export const metadata: Metadata = { title: "Recovery" };

export default async function RecoveryPage() {
  const { ctx, actor } = await requirePageContext();
  const [plans, inventory] = await Promise.all([listRecoveries(ctx), listInventory(ctx, { limit: 200 })]);
  const canOperate = hasRole(actor, "operator");
  const rows = plans.map((p) => ({
    id: p.id,
    cells: {
      plan: (
        <Link href={`/recovery/${p.id}`} className="font-medium text-sky-800 hover:underline">
          {p.reason || `Recovery ${p.id.slice(0, 8)}`}
        </Link>
      ),
      status: <StatusBadge status={p.status} />,
      incident: <Time value={p.incidentAt} />,
      assets: <span className="break-words">{p.assets.join(", ") || "—"}</span>,
      created: <Time value={p.createdAt} />,
    },
  }));
  return (
    <>
      <PageHeader
        title="Recovery"
        description="From an incident to a plan of restores: the best restore point of each asset before it, where it goes, how long it takes and what is lost."
      />
      <div className="flex flex-col gap-6">
        {canOperate ? (
          <DeclareIncident
            action={declareIncidentAction}
            assets={inventory.items.map((a) => ({ id: a.id, name: a.name, kind: a.kind, host: a.host }))}
          />
        ) : (
          <p className="text-sm text-slate-600">
            Declaring an incident and starting a recovery needs an operator.
          </p>
        )}
        <section aria-labelledby="recoveries-heading" className="flex flex-col gap-2">
          <h2 id="recoveries-heading" className="text-lg font-semibold">
            Recovery plans
          </h2>
          <DataTable
            label="Recovery plans"
            columns={[
              { key: "plan", header: "Plan" },
              { key: "status", header: "Status" },
              { key: "incident", header: "Incident time" },
              { key: "assets", header: "Assets", wide: true },
              { key: "created", header: "Planned", wide: true },
            ]}
            rows={rows}
            empty="No recovery plans yet. Declare an incident to plan one."
          />
        </section>
      </div>
    </>
  );
}
