import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LiveJobBar, LiveJobStatus, RefreshOnJobChanges } from "@/components/jobs/live-cells";
import { EditItem, StartRecovery } from "@/components/recovery/plan-controls";
import { RecoverySummary } from "@/components/recovery/summary";
import { DataTable } from "@/components/ui/data-table";
import { formatDuration, formatRate } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { requirePageContext } from "@/lib/auth/next-context";
import { hasRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { getRecovery } from "@/lib/services/recovery-views";
import { listRestorePoints } from "@/lib/services/restore-points";
import { editRecoveryItemAction, startRecoveryAction } from "../actions";

export const metadata: Metadata = { title: "Recovery" };

export default async function RecoveryPlanPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx, actor } = await requirePageContext();
  const { id } = await params;
  const plan = await getRecovery(ctx, decodeURIComponent(id)).catch((error) => {
    if (error instanceof AppError && error.code.startsWith("not_found")) notFound();
    throw error;
  });
  const draft = plan.status === "draft";
  const canOperate = hasRole(actor, "operator");
  const points =
    draft && canOperate
      ? await Promise.all(plan.items.map((i) => listRestorePoints(ctx, { asset: i.asset.id, limit: 100 })))
      : [];
  const ended = plan.status === "succeeded" || plan.status === "failed";
  const rows = plan.items.map((item, i) => ({
    id: item.id,
    cells: {
      order: (
        <span className="tabular-nums">
          {item.position}
          {plan.databasesFirst ? (
            <span className="block text-xs text-slate-500">stage {item.stage}</span>
          ) : null}
        </span>
      ),
      asset: (
        <span className="flex flex-col">
          <span className="font-medium">{item.asset.name}</span>
          <span className="text-xs text-slate-500">
            {item.asset.kind === "postgres" ? "database" : "folder"}
          </span>
        </span>
      ),
      point: item.point ? (
        <Link href={`/restore-points/${item.point.id}`} className="text-sky-800 hover:underline">
          <Time value={item.point.time} />
          <span className="block font-mono text-xs text-slate-500">{item.point.snapshot}</span>
        </Link>
      ) : (
        <span className="font-medium text-red-800">none</span>
      ),
      verified: (
        <span className="flex flex-col items-start gap-1">
          {item.point ? (
            <StatusBadge status={item.point.verifiedStatus} />
          ) : (
            <StatusBadge status="failed" label="no point" />
          )}
          {item.risk ? <span className="max-w-56 text-xs text-amber-900">Risk: {item.risk}</span> : null}
        </span>
      ),
      target: (
        <span className="break-all font-mono text-xs">
          {item.overwrite ? <span className="font-sans font-medium text-red-800">overwrite: </span> : null}
          {item.target}
        </span>
      ),
      estimate: item.estimatedSeconds === null ? "—" : formatDuration(item.estimatedSeconds),
      loss: item.dataLossSeconds === null ? "—" : formatDuration(item.dataLossSeconds),
      progress: item.job ? (
        <div className="flex min-w-36 flex-col gap-1">
          <LiveJobStatus id={item.job.id} initial={item.job.status} />
          <LiveJobBar id={item.job.id} label={`Progress of ${item.asset.name}`} initial={item.job} />
          <Link href={`/jobs/${item.job.id}`} className="text-xs text-sky-800 hover:underline">
            job {item.job.id.slice(0, 8)}
          </Link>
        </div>
      ) : draft && canOperate ? (
        <EditItem
          action={editRecoveryItemAction}
          plan={plan.id}
          asset={item.asset}
          point={item.point?.id ?? null}
          target={item.target}
          points={(points[i] ?? []).map((p) => ({
            id: p.id,
            time: p.time.toISOString(),
            verifiedStatus: p.verifiedStatus,
            snapshot: p.snapshotId.slice(0, 8),
          }))}
        />
      ) : (
        <span className="text-slate-500">not started</span>
      ),
    },
  }));
  const skipped = plan.items.filter((i) => !i.point).map((i) => i.asset.name);
  return (
    <>
      <PageHeader
        title={`Recovery ${plan.id.slice(0, 8)}`}
        description={plan.reason ?? "Restores planned for an incident."}
      >
        {draft && canOperate ? (
          <StartRecovery
            action={startRecoveryAction}
            plan={plan.id}
            restores={plan.items.length - skipped.length}
            skipped={skipped}
          />
        ) : null}
      </PageHeader>
      {plan.status === "running" ? (
        <RefreshOnJobChanges
          shown={Object.fromEntries(plan.items.flatMap((i) => (i.job ? [[i.job.id, i.job.status]] : [])))}
        />
      ) : null}
      <dl className="mb-6 grid gap-x-6 gap-y-2 rounded-xl bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200 sm:grid-cols-2">
        <div className="flex justify-between gap-4">
          <dt className="text-slate-500">Status</dt>
          <dd data-testid="recovery-status">
            <StatusBadge status={plan.status} />
          </dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-slate-500">Incident time</dt>
          <dd>
            <Time value={plan.incidentAt} seconds />
          </dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-slate-500">Estimated time to recover</dt>
          <dd className="text-right tabular-nums">{formatDuration(plan.estimatedSeconds)}</dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-slate-500">Restore throughput</dt>
          <dd className="text-right" data-testid="recovery-throughput">
            {formatRate(plan.throughput.bytesPerSecond)}{" "}
            {plan.throughput.measured ? "(measured)" : "(assumed)"}
          </dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-slate-500">Order</dt>
          <dd className="text-right">{plan.databasesFirst ? "databases, then folders" : "all at once"}</dd>
        </div>
        {plan.host ? (
          <div className="flex justify-between gap-4">
            <dt className="text-slate-500">Host</dt>
            <dd>{plan.host}</dd>
          </div>
        ) : null}
      </dl>
      <DataTable
        label="Recovery plan"
        columns={[
          { key: "order", header: "Order", numeric: true, wide: true },
          { key: "asset", header: "Asset" },
          { key: "point", header: "Restore point" },
          { key: "verified", header: "Verified / risk" },
          { key: "target", header: "Target", wide: true },
          { key: "estimate", header: "Estimated time", numeric: true, wide: true },
          { key: "loss", header: "Data-loss window", numeric: true },
          { key: "progress", header: draft ? "Edit" : "Progress" },
        ]}
        rows={rows}
      />
      {ended ? <RecoverySummary plan={plan} /> : null}
    </>
  );
}
