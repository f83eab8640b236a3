// Every version of every file whose path contains the query, newest restore point first, with
// "Download" and a link to open its folder (where it can be restored).
import path from "node:path";
import Link from "next/link";
import { downloadHref } from "@/components/restore-points/links";
import { RestoreDialog } from "@/components/restore-points/restore-dialog";
import { DataTable } from "@/components/ui/data-table";
import { formatBytes } from "@/components/ui/format";
import { Time } from "@/components/ui/time";
import { requirePageContext } from "@/lib/auth/next-context";
import { restoreThroughput } from "@/lib/services/restore-point-views";
import { searchCatalog } from "@/lib/services/restore-points";
import { defaultDirectoryTarget } from "@/lib/sources/names";
import { startRestoreAction } from "./actions";

export async function SearchResults({
  query,
  canDownload,
  canRestore,
  canOverwrite,
}: {
  query: string;
  canDownload: boolean;
  canRestore: boolean;
  canOverwrite: boolean;
}) {
  const { ctx } = await requirePageContext();
  const [hits, rate] = await Promise.all([searchCatalog(ctx, { query, limit: 200 }), restoreThroughput(ctx)]);
  const now = new Date();
  const rows = hits.map((h) => ({
    id: `${h.restorePointId}:${h.path}`,
    cells: {
      path: (
        <span className="flex min-w-32 flex-col gap-0.5">
          <span className="font-mono text-xs break-all">{h.path}</span>
          <span className="text-xs text-slate-600 sm:hidden">
            <Time value={h.time} seconds />
          </span>
        </span>
      ),
      asset: h.asset,
      time: <Time value={h.time} seconds />,
      size: h.type === "dir" ? "—" : formatBytes(h.size),
      actions: (
        <span className="flex flex-wrap items-center justify-end gap-3">
          <Link
            href={`/restore-points/${h.restorePointId}?path=${encodeURIComponent(h.type === "dir" ? h.path : path.posix.dirname(h.path))}`}
            className="text-sky-800 hover:underline"
          >
            Open
          </Link>
          {canRestore && h.assetKind === "directory" && h.assetPath ? (
            <RestoreDialog
              action={startRestoreAction}
              asset={{ id: h.assetId, name: h.asset, kind: "directory", original: h.assetPath }}
              restorePoint={h.restorePointId}
              paths={[h.path]}
              defaultTarget={defaultDirectoryTarget(h.assetPath, now)}
              estimate={{ ...rate, bytes: h.size }}
              canOverwrite={canOverwrite}
              variant="secondary"
            />
          ) : null}
          {canDownload && h.type === "file" ? (
            <a href={downloadHref(h.restorePointId, h.path)} className="text-sky-800 hover:underline">
              Download
            </a>
          ) : null}
        </span>
      ),
    },
  }));
  return (
    <DataTable
      label="Search results"
      columns={[
        { key: "path", header: "Path" },
        { key: "asset", header: "Asset", wide: true },
        { key: "time", header: "Restore point", wide: true },
        { key: "size", header: "Size", numeric: true },
        { key: "actions", header: "" },
      ]}
      rows={rows}
      empty={`No file in any restore point matches \u201c${query}\u201d.`}
    />
  );
}
