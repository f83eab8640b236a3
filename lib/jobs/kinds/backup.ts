// The backup job: one asset into its policy's repository (or, for a manual run without a policy,
// the repository in params or the default one).
//
// Crash safety: the restore point is inserted only after the source's snapshot is saved, so an
// attempt killed before that leaves no restore point; its retry runs a fresh backup. A killed
// attempt may leave an orphan snapshot (and packs): harmless, it has no restore point, and the
// asset's next forget treats it like any other snapshot of the asset (it carries the asset tag).
// An attempt killed after the restore point was written (while cataloguing) is finished by the
// retry: it finds the point by job id, recatalogues it and returns, instead of backing up again.
import os from "node:os";
import { and, eq } from "drizzle-orm";
import { insertRestorePoint, type RestorePointRow } from "@/db/records/restore-points";
import { jobs, restorePoints } from "@/db/schema";
import { loadSnapshot, type Snapshot } from "@/lib/engine";
import { catalogSnapshot } from "../catalog";
import { enqueueJob } from "../enqueue";
import { openRepositoryRow } from "../open-repository";
import { backupParams } from "../params";
import type { JobHandler, JobResult, JobRunContext } from "../types";
import { backupTags } from "./backup-tags";
import { hasRetention } from "./retention";
import {
  type AssetRow,
  loadAsset,
  loadPolicy,
  loadRepository,
  type PolicyRow,
  parseParams,
  type RepositoryRow,
  recordRepositorySize,
  sourceOf,
} from "./shared";
import { backupSource } from "./sources";

/**
 * A scheduled or requested backup runs beside people: in the embedded shape inside the web
 * server, on a worker host beside whatever else it serves. Its reading, hashing, compressing
 * and encrypting threads run at this nice value, so a page load is not queued behind them
 * (Linux's scheduler gives a nice-10 thread about a tenth of a core a nice-0 thread wants);
 * on an idle machine the backup is as fast as before.
 */
const BACKUP_WORKER_NICE = 10;
// Jobs also never force full collections (BackupOptions.fullCollections): the runtime is a
// long-lived process, in the embedded shape the web server itself, whose heap V8 manages well.

export const runBackupJob: JobHandler = async (ctx) => {
  const started = Date.now();
  const params = parseParams(backupParams, ctx.job.params);
  const asset = await loadAsset(ctx.db, ctx.job.assetId);
  const policy = await loadPolicy(ctx.db, ctx.job.policyId);
  const repoRow = await loadRepository(ctx.db, policy?.repositoryId ?? params.repositoryId);
  const repo = await openRepositoryRow(repoRow, ctx.secrets);

  const [earlier] = await ctx.db.select().from(restorePoints).where(eq(restorePoints.jobId, ctx.job.id));
  if (earlier) {
    ctx.log(`an earlier attempt saved snapshot ${earlier.snapshotId.slice(0, 8)}; finishing its catalog`);
    const entries = await catalogSnapshot(
      ctx.db,
      repo,
      await loadSnapshot(repo, earlier.snapshotId),
      earlier.id,
      {
        signal: ctx.signal,
      },
    );
    await afterBackup(ctx, asset, policy, repoRow, repo);
    return resultOf(earlier, entries, started);
  }

  const source = sourceOf(asset, ctx.secrets);
  ctx.log(`backing up ${asset.kind === "directory" ? asset.path : asset.databaseName} to ${repoRow.name}`);
  const tags = backupTags(asset.id, policy?.id ?? null);
  const summary = await backupSource(repo, source, {
    hostname: asset.host ?? ctx.hostname ?? os.hostname(),
    tags,
    signal: ctx.signal,
    onProgress: ctx.progress,
    log: ctx.log,
    workerNice: BACKUP_WORKER_NICE,
    fullCollections: false,
  });
  ctx.signal.throwIfAborted();
  if (source.kind === "postgres" && summary.bytesRead === 0) {
    // pg_dump -Fc always writes a header: an empty dump means its output was lost, and a restore
    // point for it would promise a database that cannot be restored. Fail (and retry) instead.
    throw new Error(
      `the dump of ${source.databaseName} came out empty (0 bytes); no restore point was recorded`,
    );
  }
  for (const w of summary.warnings) ctx.log(`warning: ${w.path}: ${w.message}`);

  const point = await ctx.db.transaction((tx) =>
    insertRestorePoint(tx, {
      assetId: asset.id,
      repositoryId: repoRow.id,
      snapshotId: summary.snapshotId,
      time: summary.snapshotTime,
      sizeBytes: summary.bytesRead,
      fileCount: summary.fileCount,
      bytesAdded: summary.bytesAdded,
      warnings: summary.warnings,
      rowCounts: summary.rowCounts ?? null,
      tags,
      jobId: ctx.job.id,
    }),
  );
  ctx.log(`snapshot ${summary.snapshotId.slice(0, 8)} saved: restore point ${point.id}`);

  const snapshot: Snapshot = await loadSnapshot(repo, summary.snapshotId);
  const entries = await catalogSnapshot(ctx.db, repo, snapshot, point.id, { signal: ctx.signal });
  ctx.log(`catalogued ${entries} entries`);
  await afterBackup(ctx, asset, policy, repoRow, repo);
  return resultOf(point, entries, started);
};

function resultOf(point: RestorePointRow, catalogEntries: number, started: number): JobResult {
  return {
    restorePointId: point.id,
    snapshotId: point.snapshotId,
    bytesRead: point.sizeBytes,
    bytesAdded: point.bytesAdded,
    fileCount: point.fileCount,
    catalogEntries,
    durationMs: Date.now() - started,
    warnings: point.warnings.length,
  };
}

/** Repository size for the dashboard, then the policy's retention as a follow-up forget job. */
async function afterBackup(
  ctx: JobRunContext,
  asset: AssetRow,
  policy: PolicyRow | null,
  repoRow: RepositoryRow,
  repo: Awaited<ReturnType<typeof openRepositoryRow>>,
): Promise<void> {
  await recordRepositorySize(ctx.db, repo, repoRow.id, ctx);
  if (!policy || !hasRetention(policy.retention)) return;
  // One queued forget per asset is enough: it sees every snapshot there is when it runs.
  const [waiting] = await ctx.db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        eq(jobs.kind, "forget"),
        eq(jobs.status, "queued"),
        eq(jobs.policyId, policy.id),
        eq(jobs.assetId, asset.id),
      ),
    );
  if (waiting) return;
  const forget = await enqueueJob(ctx.db, {
    kind: "forget",
    policyId: policy.id,
    assetId: asset.id,
    host: asset.host,
    source: "schedule",
    params: { prune: pruneDue(repoRow.lastPrunedAt, policy.pruneEveryDays) },
  });
  if (forget) ctx.log(`retention queued as job ${forget.id}`);
}

export function pruneDue(lastPrunedAt: Date | null, everyDays: number, now = new Date()): boolean {
  if (!lastPrunedAt) return true;
  return now.getTime() - lastPrunedAt.getTime() >= everyDays * 86_400_000;
}

export default runBackupJob;
