import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AssetAdmin } from "@/components/inventory/asset-admin";
import { LiveJobStatus, RefreshOnJobChanges } from "@/components/jobs/live-cells";
import { RunNowButton } from "@/components/jobs/run-now-button";
import { Card } from "@/components/ui/card";
import { formatBytes, formatNumber } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { requirePageContext } from "@/lib/auth/next-context";
import { hasRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { assetRates } from "@/lib/services/advisor";
import { getInventoryItem } from "@/lib/services/inventory";
import { listJobsPage } from "@/lib/services/job-views";
import { listRestorePoints } from "@/lib/services/restore-points";
import { removeAssetAction, runAssetNowAction, updateAssetAction } from "../actions";

export const metadata: Metadata = { title: "Asset" };

export default async function AssetPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx, actor } = await requirePageContext();
  const { id } = await params;
  const asset = await getInventoryItem(ctx, decodeURIComponent(id)).catch((error) => {
    if (error instanceof AppError && error.code.startsWith("not_found")) notFound();
    throw error;
  });
  const [points, jobs, rates] = await Promise.all([
    listRestorePoints(ctx, { asset: asset.id, limit: 50 }),
    listJobsPage(ctx, { assetId: asset.id, limit: 10 }),
    assetRates(ctx, asset.id),
  ]);
  const canRun = hasRole(actor, "operator") && asset.policies.some((p) => p.enabled);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/inventory" className="text-sky-800 hover:underline">
          Inventory
        </Link>
      </nav>
      <PageHeader
        title={asset.name}
        description={`${asset.kind === "directory" ? "Folder" : "PostgreSQL database"} ${asset.location}${asset.host ? ` on ${asset.host}` : ""}`}
      >
        <div className="flex flex-wrap items-center gap-2">
          {canRun ? <RunNowButton action={runAssetNowAction} input={{ asset: asset.id }} /> : null}
          {hasRole(actor, "admin") ? (
            <AssetAdmin asset={asset} updateAction={updateAssetAction} removeAction={removeAssetAction} />
          ) : null}
        </div>
      </PageHeader>
      <RefreshOnJobChanges
        shown={Object.fromEntries(jobs.items.map((j) => [j.id, j.status]))}
        matches={{ assetId: asset.id }}
      />
      <div className="mb-6 flex flex-wrap items-center gap-3" aria-live="polite">
        <StatusBadge status={asset.protection.status} />
        <span className="text-sm text-slate-600">{asset.protection.reason}.</span>
        <span className="text-sm text-slate-600">
          Last proven restorable: <Time value={asset.newestVerifiedAt} fallback="not yet verified" />
        </span>
      </div>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Card title="Restore points" className="xl:col-span-2">
          {points.length === 0 ? (
            <p className="text-sm text-slate-600">
              No restore points yet.{" "}
              {asset.policies.length
                ? "Press \u201cRun now\u201d or wait for the schedule."
                : "Create a policy that protects it."}
            </p>
          ) : (
            <ol aria-label="Restore points, newest first" className="relative ml-2 border-l border-slate-200">
              {points.map((p) => (
                <li key={p.id} className="mb-4 ml-4">
                  <span
                    aria-hidden="true"
                    className="absolute -left-1.5 mt-1.5 size-3 rounded-full bg-sky-600 ring-2 ring-white"
                  />
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <span className="font-medium">
                      <Time value={p.time} />
                    </span>
                    <StatusBadge status={p.verifiedStatus} />
                    <span className="font-mono text-xs text-slate-500">{p.snapshotId.slice(0, 8)}</span>
                  </div>
                  <p className="text-sm tabular-nums text-slate-600">
                    {formatBytes(p.sizeBytes)} · {formatNumber(p.fileCount)} files ·{" "}
                    {formatBytes(p.bytesAdded)} new · in {p.repository}
                  </p>
                  {p.warnings.length ? (
                    <p className="text-sm text-amber-900">{p.warnings.length} files could not be read.</p>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </Card>
        <div className="flex flex-col gap-6">
          <Card title="Measured rates">
            {rates.measured ? (
              <dl aria-label="Measured rates" className="grid grid-cols-2 gap-2 text-sm tabular-nums">
                <dt className="text-slate-500">Change rate</dt>
                <dd className="text-right">{formatBytes(rates.changePerHour)}/h</dd>
                <dt className="text-slate-500">Busiest change rate</dt>
                <dd className="text-right">{formatBytes(rates.peakChangePerHour)}/h</dd>
                <dt className="text-slate-500">Throughput</dt>
                <dd className="text-right">{formatBytes(rates.throughputPerSecond)}/s</dd>
                <dt className="text-slate-500">Fixed time per run</dt>
                <dd className="text-right">{rates.overheadSeconds.toFixed(1)} s</dd>
                <dd className="col-span-2 text-xs text-slate-500">{rates.assumptions.join("; ")}.</dd>
              </dl>
            ) : (
              <p className="text-sm text-slate-600">
                Not measured yet: change rate and throughput need at least two backups ({rates.backups} so
                far).
              </p>
            )}
          </Card>
          <Card title="Policies">
            {asset.policies.length === 0 ? (
              <p className="text-sm text-slate-600">
                No policy protects this asset.{" "}
                <Link href="/policies" className="text-sky-800 underline">
                  Create one
                </Link>
                .
              </p>
            ) : (
              <ul className="flex flex-col gap-2">
                {asset.policies.map((p) => (
                  <li key={p.id} className="flex items-center justify-between gap-2">
                    <Link href={`/policies#policy-${p.id}`} className="text-sky-800 hover:underline">
                      {p.name}
                    </Link>
                    <StatusBadge status={p.enabled ? "enabled" : "disabled"} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card
            title="Jobs"
            actions={
              <Link href={`/jobs?asset=${asset.id}`} className="text-sm text-sky-800 hover:underline">
                All jobs
              </Link>
            }
          >
            {jobs.items.length === 0 ? (
              <p className="text-sm text-slate-600">No jobs yet.</p>
            ) : (
              <ul className="flex flex-col gap-2">
                {jobs.items.map((j) => (
                  <li key={j.id} className="flex items-center justify-between gap-2 text-sm">
                    <Link href={`/jobs/${j.id}`} className="text-sky-800 hover:underline">
                      {j.kind} · <Time value={j.createdAt} />
                    </Link>
                    <LiveJobStatus id={j.id} initial={j.status} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
