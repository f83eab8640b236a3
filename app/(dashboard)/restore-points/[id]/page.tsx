import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ChangesTree } from "@/components/restore-points/changes-tree";
import { FileBrowser } from "@/components/restore-points/file-browser";
import { RestoreDialog } from "@/components/restore-points/restore-dialog";
import { Tags } from "@/components/restore-points/tags";
import { VerifyButton } from "@/components/restore-points/verify-button";
import { WhatChanged } from "@/components/restore-points/what-changed";
import { Card } from "@/components/ui/card";
import { formatBytes, formatDuration, formatNumber } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { requirePageContext } from "@/lib/auth/next-context";
import { hasRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { diffRestorePoints } from "@/lib/services/restore-point-diff";
import { diffFolder } from "@/lib/services/restore-point-diff-tree";
import { getRestorePointDetails, listRestorePointsPage } from "@/lib/services/restore-point-views";
import { defaultDatabaseTarget, defaultDirectoryTarget } from "@/lib/sources/names";
import {
  browseFolderAction,
  diffFolderAction,
  fileVersionsAction,
  startRestoreAction,
  startVerifyAction,
} from "../actions";

export const metadata: Metadata = { title: "Restore point" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function RestorePointPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Search;
}) {
  const { ctx, actor } = await requirePageContext();
  const { id } = await params;
  const search = await searchParams;
  const initialPath = search.path;
  const against = typeof search.against === "string" && search.against ? search.against : undefined;
  const point = await getRestorePointDetails(ctx, decodeURIComponent(id)).catch((error) => {
    if (error instanceof AppError && (error.code.startsWith("not_found") || error.code === "invalid_input"))
      notFound();
    throw error;
  });
  const isFolder = point.kind === "directory";
  const original = (isFolder ? point.assetPath : point.databaseName) ?? "";
  const now = new Date();
  // A change list needs both trees; a database dump is one file, so only folders get one.
  // Any other point of the asset can be compared with; the previous one by default.
  const [diff, tree, others] = isFolder
    ? await Promise.all([
        point.previous || against
          ? // A point whose snapshot is gone must not take the page down with it.
            diffRestorePoints(ctx, { restorePoint: point.id, against, limit: 500 }).catch(() => null)
          : null,
        point.previous || against
          ? diffFolder(ctx, { restorePoint: point.id, against }).catch(() => null)
          : null,
        listRestorePointsPage(ctx, { assetId: point.assetId, limit: 100 }),
      ])
    : [null, null, null];
  const restore = {
    action: startRestoreAction,
    asset: { id: point.assetId, name: point.asset, kind: point.kind, original },
    restorePoint: point.id,
    defaultTarget: isFolder ? defaultDirectoryTarget(original, now) : defaultDatabaseTarget(original, now),
    estimate: point.estimate,
    canOverwrite: hasRole(actor, "admin"),
  };
  const canOperate = hasRole(actor, "operator");
  const facts: [string, ReactNode][] = [
    ["Time", <Time key="t" value={point.time} seconds />],
    [
      "Asset",
      <Link key="a" href={`/inventory/${point.assetId}`} className="text-sky-800 hover:underline">
        {point.asset}
      </Link>,
    ],
    ["Size", formatBytes(point.sizeBytes)],
    ["Bytes added", formatBytes(point.bytesAdded)],
    ["Files", formatNumber(point.fileCount)],
    ["Duration", formatDuration(point.durationSeconds)],
    [
      "Verified",
      <span key="v" className="flex flex-wrap items-center gap-2">
        <StatusBadge status={point.verifiedStatus} />
        {point.verifiedAt ? <Time value={point.verifiedAt} /> : null}
        {point.verifiedError ? <span className="text-red-800">{point.verifiedError}</span> : null}
      </span>,
    ],
    ["Tags", <Tags key="tags" tags={point.tags} short />],
    ["Repository", point.repository],
    [
      "Snapshot ID",
      <span key="s" className="font-mono text-xs break-all">
        {point.snapshotId}
      </span>,
    ],
  ];
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/restore-points" className="text-sky-800 hover:underline">
          Restore points
        </Link>
      </nav>
      <PageHeader
        title={`${point.asset} · ${point.snapshotId.slice(0, 8)}`}
        description={`Restore point of ${original}`}
      >
        {canOperate ? (
          <div className="flex flex-wrap items-center gap-2">
            <RestoreDialog {...restore} />
            <VerifyButton action={startVerifyAction} restorePoint={point.id} />
          </div>
        ) : null}
      </PageHeader>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Card title="Details">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-slate-500">{label}</dt>
                <dd className="min-w-0">{value}</dd>
              </div>
            ))}
          </dl>
          {point.previous ? (
            <p className="mt-3 text-sm">
              <Link href={`/restore-points/${point.previous.id}`} className="text-sky-800 hover:underline">
                Previous restore point
              </Link>
            </p>
          ) : null}
        </Card>
        <Card title={isFolder ? "Files" : "Database"} className="xl:col-span-2">
          {isFolder ? (
            <FileBrowser
              browse={browseFolderAction}
              versions={fileVersionsAction}
              restorePoint={point.id}
              root={original}
              initialPath={typeof initialPath === "string" ? initialPath : undefined}
              canDownload={canOperate}
              restore={canOperate ? restore : undefined}
            />
          ) : (
            <table aria-label="Row counts at backup time" className="w-full text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="py-1 text-left font-medium">
                    Table
                  </th>
                  <th scope="col" className="py-1 text-right font-medium">
                    Rows
                  </th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(point.rowCounts ?? {}).map(([table, count]) => (
                  <tr key={table}>
                    <td className="py-1 font-mono text-xs">{table}</td>
                    <td className="py-1 text-right tabular-nums">{formatNumber(count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
      {diff || (others && others.items.length > 1) ? (
        <Card title="What changed" className="mt-6">
          <div className="flex flex-col gap-4">
            {others && others.items.length > 1 ? (
              <form method="get" className="flex flex-wrap items-end gap-2 text-sm">
                <label className="flex min-w-0 max-w-full flex-col gap-1">
                  <span className="font-medium text-slate-700">Compare with</span>
                  <select
                    name="against"
                    defaultValue={diff?.against?.id ?? ""}
                    className="max-w-full rounded-md border border-slate-300 bg-white px-2 py-1.5"
                  >
                    {others.items
                      .filter((o) => o.id !== point.id)
                      .map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.time.toISOString().replace("T", " ").slice(0, 19)} UTC ·{" "}
                          {o.snapshotId.slice(0, 8)}
                          {o.id === point.previous?.id ? " (previous)" : ""}
                        </option>
                      ))}
                  </select>
                </label>
                <button
                  type="submit"
                  className="rounded-md bg-white px-3 py-1.5 font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50"
                >
                  Compare
                </button>
              </form>
            ) : null}
            {diff ? (
              <WhatChanged
                diff={diff}
                root={original}
                chosen={Boolean(against) && diff.against?.id !== point.previous?.id}
                tree={
                  tree?.against ? (
                    <ChangesTree
                      action={diffFolderAction}
                      restorePoint={point.id}
                      against={tree.against.id}
                      initial={tree.entries}
                    />
                  ) : null
                }
              />
            ) : null}
          </div>
        </Card>
      ) : null}
    </>
  );
}
