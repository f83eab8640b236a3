// Work people ask for: run a backup now, restore, verify, cancel; and the read side of jobs.
// Each request becomes a queued job (lib/jobs) and returns at once; a worker does the work.
import path from "node:path";
import { and, asc, desc, eq, lte, type SQL } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/db/records/audit";
import {
  assets,
  type JobKind,
  type JobStatus,
  jobKinds,
  jobStatuses,
  jobs,
  policies,
  policyAssets,
  restorePoints,
} from "@/db/schema";
import { service } from "@/lib/auth/context";
import { requireRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { requestCancel } from "@/lib/jobs/queue";
import type { JobRow } from "@/lib/jobs/types";
import { assertDatabaseName, defaultDatabaseTarget, defaultDirectoryTarget } from "@/lib/sources/names";
import type { ServiceContext } from "./context";
import {
  type AssetRow,
  findAsset,
  findJob,
  findPolicy,
  findRestorePoint,
  type RestorePointRow,
} from "./lookup";
import { parseInput } from "./parse-input";

export const finalStatuses: JobStatus[] = ["succeeded", "failed", "cancelled", "missed"];

const runBackupInput = z
  .object({ asset: z.string().min(1).optional(), policy: z.string().min(1).optional() })
  .refine((v) => Boolean(v.asset) !== Boolean(v.policy), {
    message: "name an asset or a policy (one of them)",
  });

/** One backup job per asset of the policy, or for one asset under its (first) policy. */
export const runBackupNow = service(
  "operator",
  async function runBackupNow(ctx: ServiceContext, input: z.input<typeof runBackupInput>): Promise<JobRow[]> {
    const data = parseInput(runBackupInput, input);
    return ctx.db.transaction(async (tx) => {
      let pairs: { policyId: string; asset: AssetRow }[];
      if (data.policy) {
        const policy = await findPolicy(tx, data.policy);
        const rows = await tx
          .select({ asset: assets })
          .from(policyAssets)
          .innerJoin(assets, eq(assets.id, policyAssets.assetId))
          .where(eq(policyAssets.policyId, policy.id))
          .orderBy(asc(assets.name));
        if (rows.length === 0) throw new AppError("conflict", `Policy ${policy.name} protects no assets.`);
        pairs = rows.map((r) => ({ policyId: policy.id, asset: r.asset }));
      } else {
        const asset = await findAsset(tx, data.asset as string);
        const [link] = await tx
          .select({ policyId: policies.id })
          .from(policyAssets)
          .innerJoin(policies, eq(policies.id, policyAssets.policyId))
          .where(eq(policyAssets.assetId, asset.id))
          .orderBy(asc(policies.name))
          .limit(1);
        if (!link)
          throw new AppError(
            "conflict",
            `Asset ${asset.name} has no policy yet; create one that protects it first.`,
          );
        pairs = [{ policyId: link.policyId, asset }];
      }
      const created: JobRow[] = [];
      for (const { policyId, asset } of pairs) {
        const job = await enqueueJob(tx, {
          kind: "backup",
          params: { reason: "run now" },
          policyId,
          assetId: asset.id,
          host: asset.host,
          source: ctx.actor.source,
          requestedBy: ctx.actor.id,
        });
        if (job) created.push(job);
        await recordAudit(tx, ctx.actor, "job.run", job?.id ?? null, { kind: "backup", asset: asset.name });
      }
      return created;
    });
  },
);

const restoreInput = z.object({
  asset: z.string().min(1),
  restorePoint: z.string().min(1).optional(),
  /** Newest restore point at or before this instant. */
  at: z.coerce.date().optional(),
  paths: z.array(z.string().min(1)).optional(),
  target: z.string().min(1).optional(),
  overwrite: z.boolean().default(false),
});

/** The restore point a request means: named, newest at or before `at`, or newest of all. */
async function pickRestorePoint(
  ctx: ServiceContext,
  asset: AssetRow,
  ref?: string,
  at?: Date,
): Promise<RestorePointRow> {
  if (ref) {
    const point = await findRestorePoint(ctx.db, ref);
    if (point.assetId !== asset.id)
      throw new AppError("invalid_input", `Restore point ${ref} is not of asset ${asset.name}.`);
    return point;
  }
  const conditions: SQL[] = [eq(restorePoints.assetId, asset.id)];
  if (at) conditions.push(lte(restorePoints.time, at));
  const [point] = await ctx.db
    .select()
    .from(restorePoints)
    .where(and(...conditions))
    .orderBy(desc(restorePoints.time))
    .limit(1);
  if (!point) {
    const when = at ? ` at or before ${at.toISOString()}` : "";
    throw new AppError("not_found:restore_point", `Asset ${asset.name} has no restore point${when}.`);
  }
  return point;
}

/**
 * Restores go to a new folder or database unless the request says overwrite; overwriting (the
 * original, or any existing target) needs an admin.
 */
export const startRestore = service(
  "operator",
  async function startRestore(ctx: ServiceContext, input: z.input<typeof restoreInput>): Promise<JobRow> {
    const data = parseInput(restoreInput, input);
    if (data.overwrite) requireRole(ctx.actor, "admin");
    const asset = await findAsset(ctx.db, data.asset);
    const point = await pickRestorePoint(ctx, asset, data.restorePoint, data.at);
    const original = asset.kind === "directory" ? (asset.path as string) : (asset.databaseName as string);
    if (asset.kind === "postgres" && data.paths?.length) {
      throw new AppError("invalid_input", "paths: a database is restored whole; paths are for folders.");
    }
    const now = new Date();
    let target = data.target ?? (data.overwrite ? original : undefined);
    target ??=
      asset.kind === "directory"
        ? defaultDirectoryTarget(original, now)
        : defaultDatabaseTarget(original, now);
    target = checkRestoreTarget(asset, original, target, data.overwrite);
    return ctx.db.transaction(async (tx) => {
      const job = (await enqueueJob(tx, {
        kind: "restore",
        params: { restorePointId: point.id, paths: data.paths, target, overwrite: data.overwrite },
        assetId: asset.id,
        host: asset.host,
        source: ctx.actor.source,
        requestedBy: ctx.actor.id,
        maxAttempts: 1,
      })) as JobRow;
      await recordAudit(tx, ctx.actor, "restore.start", job.id, {
        asset: asset.name,
        restorePoint: point.id,
        snapshot: point.snapshotId,
        target,
        overwrite: data.overwrite,
        paths: data.paths ?? null,
      });
      return job;
    });
  },
);

/** The target as the job will use it; refuses relative folders, bad database names, and live data. */
export function checkRestoreTarget(
  asset: AssetRow,
  original: string,
  target: string,
  overwrite: boolean,
): string {
  const what = asset.kind === "directory" ? "folder" : "database";
  if (asset.kind === "directory") {
    if (!path.posix.isAbsolute(target))
      throw new AppError("invalid_input", "target: give an absolute folder path.");
    target = path.posix.normalize(target).replace(/(.)\/+$/, "$1");
    original = path.posix.normalize(original).replace(/(.)\/+$/, "$1");
    const rel = path.posix.relative(original, target);
    // Inside the live folder the restored copy would mix with live files and be backed up again.
    if (rel && !rel.startsWith("..") && !path.posix.isAbsolute(rel)) {
      throw new AppError(
        "invalid_input",
        `target: ${target} is inside the original folder ${original}; choose a place outside it.`,
      );
    }
  } else {
    try {
      assertDatabaseName(target);
    } catch (error) {
      throw new AppError("invalid_input", `target: ${(error as Error).message}`);
    }
  }
  if (target === original && !overwrite) {
    throw new AppError(
      "invalid_input",
      `Restoring into ${original} replaces the live ${what}: that needs overwrite (admins only).`,
    );
  }
  return target;
}

const verifyInput = z
  .object({ asset: z.string().min(1).optional(), restorePoint: z.string().min(1).optional() })
  .refine((v) => v.asset || v.restorePoint, { message: "name an asset or a restore point" });

export const startVerify = service(
  "operator",
  async function startVerify(ctx: ServiceContext, input: z.input<typeof verifyInput>): Promise<JobRow> {
    const data = parseInput(verifyInput, input);
    const point = data.restorePoint
      ? await findRestorePoint(ctx.db, data.restorePoint)
      : await pickRestorePoint(ctx, await findAsset(ctx.db, data.asset as string));
    const [asset] = await ctx.db.select().from(assets).where(eq(assets.id, point.assetId));
    return ctx.db.transaction(async (tx) => {
      const job = (await enqueueJob(tx, {
        kind: "verify",
        params: { restorePointId: point.id },
        assetId: point.assetId,
        host: asset?.host ?? null,
        source: ctx.actor.source,
        requestedBy: ctx.actor.id,
      })) as JobRow;
      await recordAudit(tx, ctx.actor, "verify.start", job.id, {
        restorePoint: point.id,
        asset: asset?.name,
      });
      return job;
    });
  },
);

export const cancelJob = service(
  "operator",
  async function cancelJob(ctx: ServiceContext, id: string): Promise<JobRow> {
    const job = await getJob(ctx, id);
    if (finalStatuses.includes(job.status)) {
      throw new AppError("conflict", `Job ${job.id} has already ended (${job.status}).`);
    }
    return ctx.db.transaction(async (tx) => {
      const updated = await requestCancel(tx, job.id);
      if (!updated) throw new AppError("conflict", `Job ${job.id} has already ended.`);
      await recordAudit(tx, ctx.actor, "job.cancel", job.id, { kind: job.kind, status: job.status });
      return updated;
    });
  },
);

/** A job by its id, or a unique prefix of 8 or more characters of it. */
export const getJob = service(
  "viewer",
  async function getJob(ctx: ServiceContext, id: string): Promise<JobRow> {
    return findJob(ctx.db, parseInput(z.string().min(1, { message: "name a job" }), id));
  },
);

const listInput = z
  .object({
    status: z.enum(jobStatuses).optional(),
    kind: z.enum(jobKinds).optional(),
    asset: z.string().min(1).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .default({ limit: 50 });

export const listJobs = service(
  "viewer",
  async function listJobs(ctx: ServiceContext, input?: z.input<typeof listInput>) {
    const data = parseInput(listInput, input);
    const conditions: SQL[] = [];
    if (data.status) conditions.push(eq(jobs.status, data.status));
    if (data.kind) conditions.push(eq(jobs.kind, data.kind as JobKind));
    if (data.asset) conditions.push(eq(jobs.assetId, (await findAsset(ctx.db, data.asset)).id));
    return ctx.db
      .select({
        id: jobs.id,
        kind: jobs.kind,
        status: jobs.status,
        assetId: jobs.assetId,
        asset: assets.name,
        policyId: jobs.policyId,
        source: jobs.source,
        bytesDone: jobs.bytesDone,
        bytesTotal: jobs.bytesTotal,
        filesDone: jobs.filesDone,
        filesTotal: jobs.filesTotal,
        attempts: jobs.attempts,
        error: jobs.error,
        scheduledFor: jobs.scheduledFor,
        createdAt: jobs.createdAt,
        startedAt: jobs.startedAt,
        finishedAt: jobs.finishedAt,
      })
      .from(jobs)
      .leftJoin(assets, eq(assets.id, jobs.assetId))
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(jobs.createdAt))
      .limit(data.limit);
  },
);

/** Resolves with the job once it has ended; `onUpdate` sees it on every poll (progress). */
export const waitForJob = service(
  "viewer",
  async function waitForJob(
    ctx: ServiceContext,
    id: string,
    opts: { signal?: AbortSignal; pollMs?: number; onUpdate?: (job: JobRow) => void } = {},
  ): Promise<JobRow> {
    for (;;) {
      const job = await getJob(ctx, id);
      opts.onUpdate?.(job);
      if (finalStatuses.includes(job.status)) return job;
      if (opts.signal?.aborted) throw new AppError("unavailable", "Stopped waiting; the job goes on.");
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000));
    }
  },
);
