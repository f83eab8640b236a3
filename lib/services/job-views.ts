// The read side of jobs for the dashboard (a keyset-paged, filtered list and one job with its
// names) and "Retry" for a job that failed. Starting and cancelling are in jobs.ts.
import { and, desc, eq, gte, type SQL } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/db/records/audit";
import { assets, jobKinds, jobStatuses, jobs, policies } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { requireRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/enqueue";
import type { JobRow } from "@/lib/jobs/types";
import type { ServiceContext } from "./context";
import { getJob } from "./jobs";
import { keysetCursor, keysetCursorOf, keysetPage, olderThan } from "./keyset";
import { parseInput } from "./parse-input";

const listInput = z
  .object({
    kind: z.enum(jobKinds).optional(),
    status: z.enum(jobStatuses).optional(),
    assetId: z.string().uuid().optional(),
    /** Only jobs created at or after this instant. */
    since: z.coerce.date().optional(),
    /** Cursor of the last job of the previous page ("<createdAt ISO>_<id>"). */
    before: keysetCursor.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({ limit: 50 });

export const jobListColumns = {
  id: jobs.id,
  kind: jobs.kind,
  status: jobs.status,
  assetId: jobs.assetId,
  asset: assets.name,
  policyId: jobs.policyId,
  policy: policies.name,
  source: jobs.source,
  bytesDone: jobs.bytesDone,
  bytesTotal: jobs.bytesTotal,
  filesDone: jobs.filesDone,
  filesTotal: jobs.filesTotal,
  attempts: jobs.attempts,
  error: jobs.error,
  createdAt: jobs.createdAt,
  startedAt: jobs.startedAt,
  finishedAt: jobs.finishedAt,
};

export const cursorOf = (row: { createdAt: Date; id: string }) => keysetCursorOf(row.createdAt, row.id);

/** Newest first; `nextBefore` is the cursor of the next page, null on the last. */
export const listJobsPage = service(
  "viewer",
  async function listJobsPage(ctx: ServiceContext, input?: z.input<typeof listInput>) {
    const data = parseInput(listInput, input);
    const conditions: SQL[] = [];
    if (data.kind) conditions.push(eq(jobs.kind, data.kind));
    if (data.status) conditions.push(eq(jobs.status, data.status));
    if (data.assetId) conditions.push(eq(jobs.assetId, data.assetId));
    if (data.since) conditions.push(gte(jobs.createdAt, data.since));
    if (data.before) conditions.push(olderThan(jobs.createdAt, jobs.id, data.before));
    const rows = await ctx.db
      .select(jobListColumns)
      .from(jobs)
      .leftJoin(assets, eq(assets.id, jobs.assetId))
      .leftJoin(policies, eq(policies.id, jobs.policyId))
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(jobs.createdAt), desc(jobs.id))
      .limit(data.limit + 1);
    return keysetPage(rows, data.limit, cursorOf);
  },
);

export type JobListItem = Awaited<ReturnType<typeof listJobsPage>>["items"][number];

export interface JobDetail extends JobRow {
  asset: { id: string; name: string } | null;
  policy: { id: string; name: string } | null;
}

export const getJobDetail = service(
  "viewer",
  async function getJobDetail(ctx: ServiceContext, id: string): Promise<JobDetail> {
    const job = await getJob(ctx, id);
    if (!job.assetId && !job.policyId) return { ...job, asset: null, policy: null };
    // One query for both names: a job page is opened often while its job runs.
    const [names] = await ctx.db
      .select({
        asset: { id: assets.id, name: assets.name },
        policy: { id: policies.id, name: policies.name },
      })
      .from(jobs)
      .leftJoin(assets, eq(assets.id, jobs.assetId))
      .leftJoin(policies, eq(policies.id, jobs.policyId))
      .where(eq(jobs.id, job.id));
    return { ...job, asset: names?.asset ?? null, policy: names?.policy ?? null };
  },
);

/** A failed or missed job runs again as a new job with the same kind and parameters. */
export const retryJob = service(
  "operator",
  async function retryJob(ctx: ServiceContext, id: string): Promise<JobRow> {
    const job = await getJob(ctx, id);
    if (job.status !== "failed" && job.status !== "missed") {
      throw new AppError(
        "conflict",
        `Only a failed or missed job can be retried; this one is ${job.status}.`,
      );
    }
    // Same rule as starting it: replacing live data needs an admin.
    if (job.kind === "restore" && (job.params as { overwrite?: boolean }).overwrite)
      requireRole(ctx.actor, "admin");
    return ctx.db.transaction(async (tx) => {
      const created = (await enqueueJob(tx, {
        kind: job.kind,
        params: job.params,
        policyId: job.policyId,
        assetId: job.assetId,
        host: job.host,
        source: ctx.actor.source,
        requestedBy: ctx.actor.id,
        maxAttempts: job.maxAttempts,
      })) as JobRow;
      await recordAudit(tx, ctx.actor, "job.retry", created.id, { retryOf: job.id, kind: job.kind });
      return created;
    });
  },
);
