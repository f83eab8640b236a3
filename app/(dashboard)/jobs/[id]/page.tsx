import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JobLive, type LiveJob } from "@/components/jobs/job-live";
import { RestoreOutcome } from "@/components/jobs/restore-outcome";
import { formatSource } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/next-context";
import { hasRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { getJobDetail } from "@/lib/services/job-views";
import { cancelJobAction, retryJobAction } from "../actions";

export const metadata: Metadata = { title: "Job" };

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx, actor } = await requirePageContext();
  const { id } = await params;
  const job = await getJobDetail(ctx, id).catch((error) => {
    if (error instanceof AppError && (error.code.startsWith("not_found") || error.code === "invalid_input"))
      notFound();
    throw error;
  });
  const initial: LiveJob = {
    id: job.id,
    kind: job.kind,
    status: job.status,
    bytesDone: Number(job.bytesDone),
    bytesTotal: job.bytesTotal == null ? null : Number(job.bytesTotal),
    filesDone: job.filesDone,
    filesTotal: job.filesTotal,
    currentPath: job.currentPath,
    log: job.log,
    error: job.error,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    cancelRequested: job.cancelRequested,
    createdAt: iso(job.createdAt) as string,
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    asset: job.asset,
  };
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/jobs" className="text-sky-800 hover:underline">
          Jobs
        </Link>
      </nav>
      <PageHeader
        title={`${job.kind[0]?.toUpperCase()}${job.kind.slice(1)}${job.asset ? ` of ${job.asset.name}` : ""}`}
        description={`Started by ${formatSource(job.source)}${job.policy ? ` under policy ${job.policy.name}` : ""}.`}
      >
        {job.asset ? (
          <Link href={`/inventory/${job.asset.id}`} className="text-sm text-sky-800 hover:underline">
            Open asset
          </Link>
        ) : null}
      </PageHeader>
      <JobLive
        initial={initial}
        canOperate={hasRole(actor, "operator")}
        cancelAction={cancelJobAction}
        retryAction={retryJobAction}
      />
      {job.kind === "restore" && job.status === "succeeded" ? <RestoreEnd job={job} /> : null}
    </>
  );
}

function RestoreEnd({ job }: { job: Awaited<ReturnType<typeof getJobDetail>> }) {
  const params = job.params as { restorePointId?: string; target?: string; paths?: string[] };
  const result = (job.result ?? {}) as { target?: string; filesRestored?: number; bytesRestored?: number };
  const target = result.target ?? params.target;
  if (!target || !params.restorePointId) return null;
  // A database name has no slash; a folder target is always an absolute path.
  return (
    <RestoreOutcome
      kind={target.startsWith("/") ? "directory" : "postgres"}
      target={target}
      restorePointId={params.restorePointId}
      paths={params.paths ?? []}
      filesRestored={result.filesRestored ?? null}
      bytesRestored={result.bytesRestored ?? null}
    />
  );
}
