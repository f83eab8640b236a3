import { Database, Folder } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AddAssetDialog } from "@/components/inventory/add-asset-dialog";
import { EmptyState } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { cleanParams, Filters, hrefWith } from "@/components/ui/filters";
import { formatBytes } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { assetKinds } from "@/db/schema";
import { requirePageContext } from "@/lib/auth/next-context";
import { hasRole } from "@/lib/auth/roles";
import { listInventory, protectionStatuses } from "@/lib/services/inventory";
import { addAssetAction } from "./actions";

export const metadata: Metadata = { title: "Inventory" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function InventoryPage({ searchParams }: { searchParams: Search }) {
  const { ctx, actor } = await requirePageContext();
  const params = cleanParams(await searchParams);
  const page = await listInventory(ctx, {
    kind: assetKinds.find((k) => k === params.kind),
    status: protectionStatuses.find((s) => s === params.status),
    after: params.after,
  });
  const isAdmin = hasRole(actor, "admin");
  const filtered = Boolean(params.kind || params.status);
  const rows = page.items.map((a) => {
    const Icon = a.kind === "directory" ? Folder : Database;
    return {
      id: a.id,
      cells: {
        name: (
          <Link
            href={`/inventory/${a.id}`}
            className="inline-flex items-center gap-2 font-medium text-sky-800 hover:underline"
          >
            <Icon aria-hidden="true" className="size-4 shrink-0" />
            {a.name}
          </Link>
        ),
        kind: a.kind === "directory" ? "folder" : "PostgreSQL",
        location: (
          <span className="break-all font-mono text-xs" title={a.location}>
            {a.location}
          </span>
        ),
        host: a.host ?? "any",
        policies: a.policies.length ? (
          a.policies.map((p) => p.name).join(", ")
        ) : (
          <span className="text-slate-500">none</span>
        ),
        last: <Time value={a.newestPointAt} />,
        size: formatBytes(a.sizeBytes),
        status: (
          <span title={a.protection.reason}>
            <StatusBadge status={a.protection.status} />
          </span>
        ),
      },
    };
  });
  return (
    <>
      <PageHeader title="Inventory" description="Folders and databases Lifeboat protects.">
        {isAdmin ? <AddAssetDialog action={addAssetAction} /> : null}
      </PageHeader>
      {page.items.length === 0 && !filtered && !params.after ? (
        <EmptyState title="No assets yet.">
          <p className="text-sm text-slate-600">
            {isAdmin
              ? "Add a folder or a PostgreSQL database, then create a policy that backs it up."
              : "An administrator adds folders and databases here."}
          </p>
        </EmptyState>
      ) : (
        <>
          <Filters
            action="/inventory"
            filters={[
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
                name: "status",
                label: "Status",
                value: params.status,
                options: protectionStatuses.map((s) => ({ value: s, label: s.replace("_", " ") })),
              },
            ]}
          />
          <DataTable
            label="Assets"
            columns={[
              { key: "name", header: "Name" },
              { key: "kind", header: "Kind", wide: true },
              { key: "location", header: "Path or database", wide: true },
              { key: "host", header: "Host", wide: true },
              { key: "policies", header: "Policies", wide: true },
              { key: "last", header: "Last backup", wide: true },
              { key: "size", header: "Size", numeric: true, wide: true },
              { key: "status", header: "Status" },
            ]}
            rows={rows}
            empty="No asset matches these filters."
          />
          <Pager
            prevHref={params.after ? hrefWith("/inventory", params, { after: null }) : null}
            nextHref={page.nextAfter ? hrefWith("/inventory", params, { after: page.nextAfter }) : null}
          />
        </>
      )}
    </>
  );
}
