// The restore job: a restore point (all of it, or chosen paths) into params.target — a folder for
// a directory asset, a database name for a PostgreSQL asset. The target was resolved when the
// job was enqueued (a new folder or database by default; overwrite only for admins).
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { inArray } from "drizzle-orm";
import { getRestorePoint } from "@/db/records/restore-points";
import { jobs } from "@/db/schema";
import { loadSnapshot } from "@/lib/engine";
import { openRepositoryRow } from "../open-repository";
import { restoreParams } from "../params";
import { type JobHandler, type JobRunContext, PermanentJobError } from "../types";
import { type AssetRow, loadAsset, loadRepository, parseParams, sourceOf } from "./shared";
import { restoreSource } from "./sources";

/**
 * Paths as users pick them (the catalog's absolute original paths, "/srv/www/index.html") made
 * relative to the protected folder, as the sources expect. Relative paths pass through; a path
 * outside the asset, or one climbing out with "..", is refused.
 */
export function relativeRestorePaths(asset: AssetRow, paths: string[] | undefined): string[] | undefined {
  if (asset.kind !== "directory" || !asset.path) return paths?.length ? paths : undefined;
  // Everything: the folder itself, named explicitly (".") rather than left to a default.
  if (!paths?.length) return ["."];
  const root = path.posix.normalize(asset.path);
  return paths.map((p) => {
    const rel = path.posix.isAbsolute(p)
      ? path.posix.relative(root, path.posix.normalize(p))
      : path.posix.normalize(p);
    if (rel === "" || rel === ".") return ".";
    if (rel === ".." || rel.startsWith("../") || path.posix.isAbsolute(rel)) {
      throw new PermanentJobError(`${p} is not inside the asset's folder ${root}`);
    }
    return rel;
  });
}

function nonEmptyFolder(target: string): boolean {
  if (!existsSync(target)) return false;
  try {
    return readdirSync(target).length > 0;
  } catch {
    return true; // a file, or unreadable: restoring into it would need overwrite either way
  }
}

const ENDED = new Set(["succeeded", "failed", "cancelled", "missed"]);

/**
 * Waits until the restores this one comes after have ended (they were queued first, so a worker
 * takes them first); refuses to start when one of them did not succeed.
 */
async function waitForEarlierStage(ctx: JobRunContext, ids: string[]): Promise<void> {
  let said = false;
  for (;;) {
    const rows = await ctx.db
      .select({ id: jobs.id, status: jobs.status, params: jobs.params })
      .from(jobs)
      .where(inArray(jobs.id, ids));
    const unfinished = rows.filter((r) => !ENDED.has(r.status));
    const failed = rows.filter((r) => ENDED.has(r.status) && r.status !== "succeeded");
    if (failed.length) {
      const what = failed.map((r) => `${(r.params as { target?: string }).target ?? r.id} (${r.status})`);
      throw new PermanentJobError(
        `not started: the restore it comes after did not succeed: ${what.join(", ")}`,
      );
    }
    if (!unfinished.length) return;
    if (!said) ctx.log(`waiting for ${unfinished.length} earlier restore(s) of the recovery to end`);
    said = true;
    await sleep(1000, undefined, { signal: ctx.signal });
  }
}

export const runRestoreJob: JobHandler = async (ctx: JobRunContext) => {
  const params = parseParams(restoreParams, ctx.job.params);
  if (params.after?.length) await waitForEarlierStage(ctx, params.after);
  const started = Date.now();
  const point = await getRestorePoint(ctx.db, params.restorePointId);
  if (!point) throw new PermanentJobError(`restore point ${params.restorePointId} does not exist (any more)`);
  const asset = await loadAsset(ctx.db, point.assetId);
  const source = sourceOf(asset, ctx.secrets);
  const paths = relativeRestorePaths(asset, params.paths);
  let overwrite = params.overwrite;
  if (source.kind === "directory" && !overwrite && nonEmptyFolder(params.target)) {
    // A first attempt that finds the folder taken fails for good, so a later attempt finding it
    // can only be looking at what the killed earlier attempt wrote: finish that restore.
    if (ctx.job.attempts <= 1) {
      throw new PermanentJobError(
        `${params.target} already exists and is not empty; restore with overwrite to replace it`,
      );
    }
    ctx.log(`${params.target} holds what an earlier attempt restored; restoring over it`);
    overwrite = true;
  }

  const repoRow = await loadRepository(ctx.db, point.repositoryId);
  const repo = await openRepositoryRow(repoRow, ctx.secrets);
  const snapshot = await loadSnapshot(repo, point.snapshotId).catch((err: Error) => {
    throw new PermanentJobError(
      `snapshot ${point.snapshotId.slice(0, 8)} of the restore point is gone: ${err.message}`,
    );
  });
  ctx.log(
    `restoring ${paths?.length ? paths.join(", ") : "everything"} from ${point.snapshotId.slice(0, 8)} to ${params.target}`,
  );
  const result = await restoreSource(repo, snapshot, source, {
    target: params.target,
    paths,
    overwrite,
    signal: ctx.signal,
    onProgress: ctx.progress,
    log: ctx.log,
  }).catch((err: Error) => {
    if (/already exists|not empty/i.test(err.message) && !overwrite) throw new PermanentJobError(err.message);
    throw err;
  });
  for (const w of result.warnings) ctx.log(`warning: ${w.path}: ${w.message}`);
  ctx.log(`restored ${result.filesRestored} files, ${result.bytesRestored} bytes`);
  return {
    target: result.target,
    filesRestored: result.filesRestored,
    bytesRestored: result.bytesRestored,
    warnings: result.warnings.length,
    durationMs: Date.now() - started,
  };
};

export default runRestoreJob;
