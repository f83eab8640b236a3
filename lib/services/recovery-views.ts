// The read side of recoveries: one plan with its items, their restore points and, once started,
// their restore jobs' live figures; and the list of plans. A running recovery's end (succeeded
// or failed) is read from its jobs; when every job has ended it is written back once, so the
// list and later reads need not look at the jobs again.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { assets, jobs, type RecoveryStatus, recoveryItems, recoveryPlans, restorePoints } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "./context";
import { parseInput } from "./parse-input";

export type RecoveryPlanRow = typeof recoveryPlans.$inferSelect;

/** What an asset restores over when overwritten: its folder or its database name. */
export const originOf = (asset: { kind: string; path: string | null; databaseName: string | null }) =>
  (asset.kind === "directory" ? asset.path : asset.databaseName) ?? "";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_PREFIX = /^[0-9a-f][0-9a-f-]{7,35}$/i;

/** A plan by its id, whole or as a unique prefix of 8 or more characters. */
export async function findRecoveryPlan(db: Queryable, ref: string): Promise<RecoveryPlanRow> {
  const text = ref.trim().toLowerCase();
  if (!ID_PREFIX.test(text))
    throw new AppError(
      "not_found:recovery",
      `No recovery plan "${ref}" (give at least 8 characters of its ID).`,
    );
  const rows = UUID.test(text)
    ? await db.select().from(recoveryPlans).where(eq(recoveryPlans.id, text))
    : await db
        .select()
        .from(recoveryPlans)
        .where(sql`${recoveryPlans.id}::text like ${`${text}%`}`)
        .limit(2);
  if (rows.length === 1 && rows[0]) return rows[0];
  if (rows.length > 1)
    throw new AppError("conflict", `"${ref}" matches several recovery plans; give more characters.`);
  throw new AppError("not_found:recovery", `No recovery plan "${ref}".`);
}

export interface RecoveryItemView {
  id: string;
  position: number;
  stage: number;
  asset: { id: string; name: string; kind: "directory" | "postgres"; original: string; host: string | null };
  point: {
    id: string;
    snapshot: string;
    time: string;
    verifiedStatus: string;
    sizeBytes: number;
  } | null;
  risk: string | null;
  target: string;
  overwrite: boolean;
  estimatedSeconds: number | null;
  dataLossSeconds: number | null;
  job: {
    id: string;
    status: string;
    bytesDone: number;
    bytesTotal: number | null;
    filesDone: number;
    filesTotal: number | null;
    currentPath: string | null;
    error: string | null;
    startedAt: string | null;
    finishedAt: string | null;
    /** What the restore measured: bytes and files restored, how long it took. */
    result: Record<string, unknown> | null;
  } | null;
}

export interface RecoveryView {
  id: string;
  status: RecoveryStatus;
  incidentAt: string;
  reason: string | null;
  host: string | null;
  databasesFirst: boolean;
  throughput: { bytesPerSecond: number; measured: boolean };
  estimatedSeconds: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  items: RecoveryItemView[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const ENDED = new Set(["succeeded", "failed", "cancelled", "missed"]);

/**
 * succeeded/failed once every started restore has ended; running until then. Assets without a
 * restore point were never started: the summary names them, they do not fail the rest.
 */
function endOf(items: RecoveryItemView[]): RecoveryStatus | null {
  const started = items.filter((i) => i.job);
  if (started.length === 0 || started.some((i) => !ENDED.has(i.job?.status ?? ""))) return null;
  return started.every((i) => i.job?.status === "succeeded") ? "succeeded" : "failed";
}

export const getRecovery = service(
  "viewer",
  async function getRecovery(ctx: ServiceContext, ref: string): Promise<RecoveryView> {
    let plan = await findRecoveryPlan(ctx.db, ref);
    const rows = await ctx.db
      .select({ item: recoveryItems, asset: assets, point: restorePoints, job: jobs })
      .from(recoveryItems)
      .innerJoin(assets, eq(assets.id, recoveryItems.assetId))
      .leftJoin(restorePoints, eq(restorePoints.id, recoveryItems.restorePointId))
      .leftJoin(jobs, eq(jobs.id, recoveryItems.jobId))
      .where(eq(recoveryItems.planId, plan.id))
      .orderBy(asc(recoveryItems.position));
    const items: RecoveryItemView[] = rows.map(({ item, asset, point, job }) => ({
      id: item.id,
      position: item.position,
      stage: item.stage,
      asset: {
        id: asset.id,
        name: asset.name,
        kind: asset.kind,
        original: originOf(asset),
        host: asset.host,
      },
      point: point
        ? {
            id: point.id,
            snapshot: point.snapshotId.slice(0, 8),
            time: point.time.toISOString(),
            verifiedStatus: point.verifiedStatus,
            sizeBytes: point.sizeBytes,
          }
        : null,
      risk: item.risk,
      target: item.target,
      overwrite: item.overwrite,
      estimatedSeconds: item.estimatedSeconds,
      dataLossSeconds: item.dataLossSeconds,
      job: job
        ? {
            id: job.id,
            status: job.status,
            bytesDone: job.bytesDone,
            bytesTotal: job.bytesTotal,
            filesDone: job.filesDone,
            filesTotal: job.filesTotal,
            currentPath: job.currentPath,
            error: job.error,
            startedAt: iso(job.startedAt),
            finishedAt: iso(job.finishedAt),
            result: job.result ?? null,
          }
        : null,
    }));
    const end = plan.status === "running" ? endOf(items) : null;
    if (end) {
      const finishedAt = new Date(
        Math.max(...items.map((i) => (i.job?.finishedAt ? Date.parse(i.job.finishedAt) : 0))),
      );
      const [settled] = await ctx.db
        .update(recoveryPlans)
        .set({ status: end, finishedAt })
        .where(and(eq(recoveryPlans.id, plan.id), eq(recoveryPlans.status, "running")))
        .returning();
      if (settled) plan = settled;
    }
    return {
      id: plan.id,
      status: end ?? plan.status,
      incidentAt: plan.incidentAt.toISOString(),
      reason: plan.reason,
      host: plan.host,
      databasesFirst: plan.databasesFirst,
      throughput: { bytesPerSecond: plan.bytesPerSecond, measured: plan.throughputMeasured },
      estimatedSeconds: items.reduce((sum, i) => sum + (i.estimatedSeconds ?? 0), 0),
      createdAt: plan.createdAt.toISOString(),
      startedAt: iso(plan.startedAt),
      finishedAt: iso(plan.finishedAt),
      items,
    };
  },
);

const listInput = z.object({ limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 });

/** Newest first, with how many assets each plan covers. */
export const listRecoveries = service(
  "viewer",
  async function listRecoveries(ctx: ServiceContext, input?: z.input<typeof listInput>) {
    const data = parseInput(listInput, input);
    return ctx.db
      .select({
        id: recoveryPlans.id,
        // A running plan whose restores have all ended shows its end here too (getRecovery writes it).
        status: sql<RecoveryStatus>`case when ${recoveryPlans.status} <> 'running' then ${recoveryPlans.status}
          when exists (select 1 from recovery_items i join jobs j on j.id = i.job_id where i.plan_id = recovery_plans.id
            and j.status not in ('succeeded', 'failed', 'cancelled', 'missed')) then 'running'
          when exists (select 1 from recovery_items i join jobs j on j.id = i.job_id where i.plan_id = recovery_plans.id
            and j.status <> 'succeeded') then 'failed'
          else 'succeeded' end`,
        incidentAt: recoveryPlans.incidentAt,
        reason: recoveryPlans.reason,
        host: recoveryPlans.host,
        createdAt: recoveryPlans.createdAt,
        startedAt: recoveryPlans.startedAt,
        finishedAt: recoveryPlans.finishedAt,
        assets: sql<
          string[]
        >`(select coalesce(array_agg(a.name order by i.position), '{}') from ${recoveryItems} i join ${assets} a on a.id = i.asset_id where i.plan_id = recovery_plans.id)`,
      })
      .from(recoveryPlans)
      .orderBy(desc(recoveryPlans.createdAt))
      .limit(data.limit);
  },
);
