import type { Metadata } from "next";
import Link from "next/link";
import { LiveJobBar, LiveJobStatus, RefreshOnJobChanges } from "@/components/jobs/live-cells";
import { DataTable } from "@/components/ui/data-table";
import { cleanParams, Filters, hrefWith } from "@/components/ui/filters";
import { formatSource } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { Time } from "@/components/ui/time";
import { jobKinds, jobStatuses } from "@/db/schema";
import { requirePageContext } from "@/lib/auth/next-context";
import { listInventory } from "@/lib/services/inventory";
import { listJobsPage } from "@/lib/services/job-views";

export const metadata: Metadata = { title: "Jobs" };

const sinceOptions: Record<string, number> = { "24h": 1, "7d": 7, "30d": 30 };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function JobsPage({ searchParams }: { searchParams: Search }) {
  const { ctx } = await requirePageContext();
  const params = cleanParams(await searchParams);
  const days = params.since ? sinceOptions[params.since] : undefined;
  const [page, inventory] = await Promise.all([
    listJobsPage(ctx, {
      kind: jobKinds.find((k) => k === params.kind),
      status: jobStatuses.find((s) => s === params.status),
      assetId: params.asset,
      since: days ? new Date(Date.now() - days * 86_400_000) : undefined,
      before: params.before,
    }),
    listInventory(ctx, { limit: 200 }),
  ]);
  const rows = page.items.map((job) => ({
    id: job.id,
    cells: {
      job: (
        <Link href={`/jobs/${job.id}`} className="font-medium text-sky-800 hover:underline">
          {job.kind}
          {job.asset ? ` · ${job.asset}` : ""}
        </Link>
      ),
      status: (
        <div className="flex flex-col gap-1">
          <LiveJobStatus id={job.id} initial={job.status} />
          <LiveJobBar
            id={job.id}
            label={`Progress of ${job.kind}${job.asset ? ` of ${job.asset}` : ""}`}
            initial={{ ...job, startedAt: job.startedAt, finishedAt: job.finishedAt }}
          />
        </div>
      ),
      source: formatSource(job.source),
      created: <Time value={job.createdAt} />,
      finished: <Time value={job.finishedAt} fallback="—" />,
      error: job.error ? <span className="line-clamp-2 text-red-800">{job.error}</span> : null,
    },
  }));
  return (
    <>
      <PageHeader title="Jobs" description="Every backup, restore, drill and check, newest first." />
      <Filters
        action="/jobs"
        filters={[
          {
            name: "kind",
            label: "Kind",
            value: params.kind,
            options: jobKinds.map((k) => ({ value: k, label: k })),
          },
          {
            name: "status",
            label: "Status",
            value: params.status,
            options: jobStatuses.map((s) => ({ value: s, label: s })),
          },
          {
            name: "asset",
            label: "Asset",
            value: params.asset,
            options: inventory.items.map((a) => ({ value: a.id, label: a.name })),
          },
          {
            name: "since",
            label: "Created",
            value: params.since,
            options: [
              { value: "24h", label: "last 24 hours" },
              { value: "7d", label: "last 7 days" },
              { value: "30d", label: "last 30 days" },
            ],
          },
        ]}
      />
      <RefreshOnJobChanges shown={Object.fromEntries(page.items.map((j) => [j.id, j.status]))} />
      <DataTable
        label="Jobs"
        columns={[
          { key: "job", header: "Job" },
          { key: "status", header: "Status" },
          { key: "source", header: "Started by", wide: true },
          { key: "created", header: "Queued", wide: true },
          { key: "finished", header: "Finished", wide: true },
          { key: "error", header: "Error", wide: true },
        ]}
        rows={rows}
        empty={
          Object.keys(params).length
            ? "No job matches these filters."
            : "No jobs yet. Jobs appear here when a policy runs or someone presses \u201cRun now\u201d."
        }
      />
      <Pager
        prevHref={params.before ? hrefWith("/jobs", params, { before: null }) : null}
        nextHref={page.nextBefore ? hrefWith("/jobs", params, { before: page.nextBefore }) : null}
      />
    </>
  );
}
