import type { Metadata } from "next";
import Link from "next/link";
import { LiveJobStatus, RefreshOnJobChanges } from "@/components/jobs/live-cells";
import { BytesPerRunChart, StorageChart } from "@/components/overview/charts";
import { Card, EmptyState } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { requirePageContext } from "@/lib/auth/next-context";
import { hasRole } from "@/lib/auth/roles";
import { getSharedOverview } from "@/lib/services/overview";

export const metadata: Metadata = { title: "Overview" };

const headline = [
  { status: "protected", label: "Protected", hint: "a recent restore point exists" },
  { status: "at_risk", label: "At risk", hint: "overdue, failed or past the RPO" },
  { status: "unprotected", label: "Unprotected", hint: "no enabled policy" },
] as const;

const button = "inline-flex items-center rounded-md px-3 py-2 text-sm font-medium";

export default async function OverviewPage() {
  const { ctx, actor } = await requirePageContext();
  const o = await getSharedOverview(ctx);
  const isAdmin = hasRole(actor, "admin");
  if (o.setup.assets === 0) {
    return (
      <>
        <PageHeader
          title="Overview"
          description="Is everything protected, and could it be brought back right now?"
        />
        <EmptyState title="Nothing is protected yet.">
          {isAdmin ? (
            <>
              <ol className="list-inside list-decimal text-sm text-slate-700">
                <li>Add a folder or PostgreSQL database to the inventory.</li>
                <li>Create a policy: when to back it up and how long to keep restore points.</li>
                <li>Press “Run now” to take the first restore point.</li>
              </ol>
              <p className="text-sm text-slate-600">
                Restore points go to the default repository (
                {o.setup.repositories ? "already set up" : "created in the data folder with the first policy"}
                ); add your own under Repositories.
              </p>
              <div className="flex flex-wrap gap-2">
                <Link href="/inventory" className={`${button} bg-sky-700 text-[#fff] hover:bg-sky-600`}>
                  Add asset
                </Link>
                <Link href="/repositories" className={`${button} ring-1 ring-slate-300 hover:bg-slate-100`}>
                  Add repository
                </Link>
              </div>
            </>
          ) : (
            <p className="text-sm text-slate-600">
              An administrator adds assets and policies; they will show here.
            </p>
          )}
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Overview"
        description="Is everything protected, and could it be brought back right now?"
      />
      <RefreshOnJobChanges shown={Object.fromEntries(o.recentJobs.map((j) => [j.id, j.status]))} />
      <ul aria-label="Protection" className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-3">
        {headline.map((h) => (
          <li key={h.status}>
            <Link
              href={`/inventory?status=${h.status}`}
              className="flex flex-col gap-2 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-sky-600"
            >
              <StatusBadge status={h.status} label={h.label} />
              <span className="text-3xl font-semibold tabular-nums" data-testid={`count-${h.status}`}>
                {o.counts[h.status]}
              </span>
              <span className="text-xs text-slate-600">{h.hint}</span>
            </Link>
          </li>
        ))}
      </ul>
      <div className="mb-6">
        <DataTable
          label="Assets by protection"
          columns={[
            { key: "asset", header: "Asset" },
            { key: "status", header: "Status" },
            { key: "why", header: "Why", wide: true },
            { key: "newest", header: "Newest restore point", wide: true },
            { key: "verified", header: "Last proven restorable", wide: true },
          ]}
          rows={o.assets.map((a) => ({
            id: a.id,
            cells: {
              asset: (
                <Link href={`/inventory/${a.id}`} className="font-medium text-sky-800 hover:underline">
                  {a.name}
                </Link>
              ),
              status: <StatusBadge status={a.protection.status} />,
              why: a.protection.reason,
              newest: <Time value={a.newestPointAt} />,
              verified: <Time value={a.newestVerifiedAt} fallback="not yet verified" />,
            },
          }))}
        />
      </div>
      <div className="mb-6 grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card
          title="Recent jobs"
          actions={
            <Link href="/jobs" className="text-sm text-sky-800 hover:underline">
              All jobs
            </Link>
          }
        >
          <JobList jobs={o.recentJobs} empty="No jobs yet." />
        </Card>
        <Card
          title="Failures (7 days)"
          actions={
            <Link href="/jobs?status=failed&since=7d" className="text-sm text-sky-800 hover:underline">
              All failures
            </Link>
          }
        >
          <JobList jobs={o.failures} empty="No failures in the last 7 days." />
        </Card>
        <Card title="Next scheduled runs">
          {o.nextRuns.length === 0 ? (
            <p className="text-sm text-slate-600">No enabled policy has a next run.</p>
          ) : (
            <ul className="flex flex-col gap-2 text-sm">
              {o.nextRuns.map((r) => (
                <li key={r.id}>
                  <Link
                    href={`/policies#policy-${r.id}`}
                    className="font-medium text-sky-800 hover:underline"
                  >
                    {r.name}
                  </Link>{" "}
                  <Time value={r.at} zone={r.timezone} />
                  <p className="text-xs text-slate-500">{r.assets.map((a) => a.name).join(", ")}</p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card title="Storage per repository">
          <StorageChart data={o.storage} repositories={o.repositories.map((r) => r.name)} />
        </Card>
        <Card title="Bytes added per run">
          <BytesPerRunChart data={o.bytesPerRun} />
        </Card>
      </div>
    </>
  );
}

function JobList({
  jobs,
  empty,
}: {
  jobs: {
    id: string;
    kind: string;
    asset: string | null;
    status: string;
    createdAt: Date;
    error: string | null;
  }[];
  empty: string;
}) {
  if (jobs.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="flex flex-col gap-2 text-sm">
      {jobs.map((j) => (
        <li key={j.id} className="flex items-start justify-between gap-2">
          <div className="min-w-0">
            <Link href={`/jobs/${j.id}`} className="text-sky-800 hover:underline">
              {j.kind}
              {j.asset ? ` · ${j.asset}` : ""}
            </Link>
            <p className="text-xs text-slate-500">
              <Time value={j.createdAt} />
            </p>
            {j.error && j.status !== "succeeded" ? (
              <p className="line-clamp-2 text-xs text-red-800">{j.error}</p>
            ) : null}
          </div>
          <LiveJobStatus id={j.id} initial={j.status} />
        </li>
      ))}
    </ul>
  );
}
