import type { Metadata } from "next";
import { AddRepositoryDialog } from "@/components/repositories/add-repository-dialog";
import { RepositoryControls } from "@/components/repositories/repository-controls";
import { EmptyState } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { formatBytes, formatNumber } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { requirePageContext } from "@/lib/auth/next-context";
import { hasRole } from "@/lib/auth/roles";
import { listRepositoryFigures } from "@/lib/services/repository-views";
import {
  addRepositoryAction,
  checkRepositoryAction,
  removeRepositoryAction,
  setDefaultRepositoryAction,
} from "./actions";

export const metadata: Metadata = { title: "Repositories" };

export default async function RepositoriesPage() {
  const { ctx, actor } = await requirePageContext();
  const repositories = await listRepositoryFigures(ctx);
  const canAdmin = hasRole(actor, "admin");
  const canOperate = hasRole(actor, "operator");
  return (
    <>
      <PageHeader title="Repositories" description="Where restore points are stored, in restic's format.">
        {canAdmin ? <AddRepositoryDialog action={addRepositoryAction} /> : null}
      </PageHeader>
      {repositories.length === 0 ? (
        <EmptyState title="No repositories yet.">
          <p className="text-sm text-slate-600">
            The first policy creates a default repository in Lifeboat&apos;s data folder. Add your own to keep
            restore points on another disk or in an S3 bucket.
          </p>
        </EmptyState>
      ) : (
        <DataTable
          label="Repositories"
          columns={[
            { key: "name", header: "Name" },
            { key: "url", header: "Location", wide: true },
            { key: "size", header: "Stored", numeric: true },
            { key: "logical", header: "Backed up", numeric: true, wide: true },
            { key: "dedup", header: "Dedup", numeric: true, wide: true },
            { key: "points", header: "Restore points", numeric: true, wide: true },
            { key: "checked", header: "Last check", wide: true },
            { key: "pruned", header: "Last prune", wide: true },
            { key: "actions", header: "Actions" },
          ]}
          rows={repositories.map((r) => ({
            id: r.id,
            cells: {
              name: (
                <span className="flex flex-wrap items-center gap-2 font-medium">
                  {r.name}
                  {r.isDefault ? <StatusBadge status="default" label="default" /> : null}
                </span>
              ),
              url: <span className="break-all font-mono text-xs">{r.url}</span>,
              size: formatBytes(r.sizeBytes),
              logical: formatBytes(r.logicalBytes),
              dedup: r.dedupRatio ? `${r.dedupRatio.toFixed(1)}×` : "—",
              points: formatNumber(r.restorePoints),
              checked: <Time value={r.lastCheckedAt} />,
              pruned: <Time value={r.lastPrunedAt} />,
              actions: (
                <RepositoryControls
                  repository={r}
                  canAdmin={canAdmin}
                  canOperate={canOperate}
                  checkAction={checkRepositoryAction}
                  setDefaultAction={setDefaultRepositoryAction}
                  removeAction={removeRepositoryAction}
                />
              ),
            },
          }))}
        />
      )}
      <p className="mt-3 text-xs text-slate-600">
        “Stored” is the repository&apos;s size on disk; “Backed up” is what its restore points hold; “Dedup”
        is how much less is stored than backed up (deduplication and compression).
      </p>
    </>
  );
}
