import type { Metadata } from "next";
import Link from "next/link";
import { Tags } from "@/components/restore-points/tags";
import { DataTable } from "@/components/ui/data-table";
import { cleanParams, Filters, hrefWith } from "@/components/ui/filters";
import { formatBytes, formatNumber } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { assetKinds, verifiedStatuses } from "@/db/schema";
import { requirePageContext } from "@/lib/auth/next-context";
import { hasRole } from "@/lib/auth/roles";
import { listInventory } from "@/lib/services/inventory";
import { listRestorePointsPage } from "@/lib/services/restore-point-views";
import { SearchResults } from "./search-results";

export const metadata: Metadata = { title: "Restore points" };

const sinceOptions: Record<string, number> = { "24h": 1, "7d": 7, "30d": 30, "365d": 365 };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function RestorePointsPage({ searchParams }: { searchParams: Search }) {
  const { ctx, actor } = await requirePageContext();
  const params = cleanParams(await searchParams);
  const days = params.since ? sinceOptions[params.since] : undefined;
  const [page, inventory] = await Promise.all([
    listRestorePointsPage(ctx, {
      assetId: params.asset,
      kind: assetKinds.find((k) => k === params.kind),
      verified: verifiedStatuses.find((v) => v === params.verified),
      since: days ? new Date(Date.now() - days * 86_400_000) : undefined,
      before: params.before,
    }),
    listInventory(ctx, { limit: 200 }),
  ]);
  const rows = page.items.map((p) => ({
    id: p.id,
    cells: {
      time: (
        <Link href={`/restore-points/${p.id}`} className="font-medium text-sky-800 hover:underline">
          <Time value={p.time} seconds />
        </Link>
      ),
      asset: p.asset,
      verified: <StatusBadge status={p.verifiedStatus} />,
      size: formatBytes(p.sizeBytes),
      added: formatBytes(p.bytesAdded),
      files: formatNumber(p.fileCount),
      snapshot: <span className="font-mono text-xs">{p.snapshotId.slice(0, 8)}</span>,
      tags: <Tags tags={p.tags} short />,
    },
  }));
  return (
    <>
      <PageHeader
        title="Restore points"
        description="Everything that can be brought back, newest first. Open one to browse, restore or verify it."
      />
      <search>
        <form
          method="get"
          action="/restore-points"
          className="mb-4 flex flex-wrap items-end gap-3 rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200"
        >
          <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm">
            <span className="font-medium text-slate-700">Search files</span>
            <input
              type="search"
              name="q"
              defaultValue={params.q ?? ""}
              placeholder="part of a file name or path"
              className="rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
          </label>
          <button type="submit" className="rounded-md bg-sky-700 px-3 py-2 text-sm font-medium text-[#fff]">
            Search
          </button>
        </form>
      </search>
      {params.q ? (
        <SearchResults
          query={params.q}
          canDownload={hasRole(actor, "operator")}
          canRestore={hasRole(actor, "operator")}
          canOverwrite={hasRole(actor, "admin")}
        />
      ) : (
        <>
          <Filters
            action="/restore-points"
            filters={[
              {
                name: "asset",
                label: "Asset",
                value: params.asset,
                options: inventory.items.map((a) => ({ value: a.id, label: a.name })),
              },
              {
                name: "kind",
                label: "Kind",
                value: params.kind,
                options: [
                  { value: "directory", label: "folder" },
                  { value: "postgres", label: "PostgreSQL" },
                ],
              },
              {
                name: "verified",
                label: "Verified",
                value: params.verified,
                options: verifiedStatuses.map((v) => ({ value: v, label: v })),
              },
              {
                name: "since",
                label: "Time",
                value: params.since,
                options: [
                  { value: "24h", label: "last 24 hours" },
                  { value: "7d", label: "last 7 days" },
                  { value: "30d", label: "last 30 days" },
                  { value: "365d", label: "last year" },
                ],
              },
            ]}
          />
          <DataTable
            label="Restore points"
            columns={[
              { key: "time", header: "Time" },
              { key: "asset", header: "Asset" },
              { key: "verified", header: "Verified" },
              { key: "size", header: "Size", numeric: true, wide: true },
              { key: "added", header: "Added", numeric: true, wide: true },
              { key: "files", header: "Files", numeric: true, wide: true },
              { key: "snapshot", header: "Snapshot", wide: true },
              { key: "tags", header: "Tags", wide: true },
            ]}
            rows={rows}
            empty={
              Object.keys(params).length
                ? "No restore point matches these filters."
                : "No restore points yet. They appear after the first backup."
            }
          />
          <Pager
            prevHref={params.before ? hrefWith("/restore-points", params, { before: null }) : null}
            nextHref={
              page.nextBefore ? hrefWith("/restore-points", params, { before: page.nextBefore }) : null
            }
          />
        </>
      )}
    </>
  );
}
