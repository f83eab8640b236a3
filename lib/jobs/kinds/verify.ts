// The verification drill: restore a restore point into scratch space (a temporary folder, or a
// temporary database for PostgreSQL), check every file against the snapshot (row counts against
// those recorded at backup time), record the outcome on the restore point, clean up (the source
// does). A failed drill marks the point failed and fails the job with the reason, at once: a
// retry cannot repair a damaged repository.

import { getRestorePoint, recordVerification } from "@/db/records/restore-points";
import { isEngineError, loadSnapshot } from "@/lib/engine";
import { openRepositoryRow } from "../open-repository";
import { verifyParams } from "../params";
import { type JobHandler, type JobRunContext, PermanentJobError } from "../types";
import { loadAsset, loadRepository, parseParams, sourceOf } from "./shared";
import { verifySource } from "./sources";

/** Engine errors that mean the data itself is bad (not that the drill could not run). */
function isDamage(err: unknown): boolean {
  return (
    isEngineError(err, "corrupt") || isEngineError(err, "unauthenticated") || isEngineError(err, "not_found")
  );
}

export const runVerifyJob: JobHandler = async (ctx: JobRunContext) => {
  const started = Date.now();
  const params = parseParams(verifyParams, ctx.job.params);
  const point = await getRestorePoint(ctx.db, params.restorePointId);
  if (!point) throw new PermanentJobError(`restore point ${params.restorePointId} does not exist (any more)`);
  const asset = await loadAsset(ctx.db, point.assetId);
  const source = sourceOf(asset, ctx.secrets);
  const repo = await openRepositoryRow(await loadRepository(ctx.db, point.repositoryId), ctx.secrets);

  const fail = async (reason: string): Promise<never> => {
    await recordVerification(ctx.db, point.id, { ok: false, error: reason });
    ctx.log(`verification failed: ${reason}`);
    throw new PermanentJobError(`verification failed: ${reason}`);
  };

  let result: Awaited<ReturnType<typeof verifySource>>;
  try {
    const snapshot = await loadSnapshot(repo, point.snapshotId);
    ctx.log(
      `verifying restore point ${point.id} (snapshot ${point.snapshotId.slice(0, 8)}) in scratch space`,
    );
    result = await verifySource(repo, snapshot, source, {
      expectedRowCounts: point.rowCounts ?? undefined,
      signal: ctx.signal,
      onProgress: ctx.progress,
      log: ctx.log,
    });
  } catch (err) {
    if (isDamage(err)) return fail((err as Error).message);
    throw err; // could not run (cancelled, storage unreachable): the point's status stays as it was
  }
  if (!result.ok) return fail(result.problems.join("; ") || "the scratch restore did not match the snapshot");

  await recordVerification(ctx.db, point.id, { ok: true });
  ctx.log(`verified ${result.filesChecked} files, ${result.bytesChecked} bytes`);
  return {
    restorePointId: point.id,
    status: "verified",
    filesChecked: result.filesChecked,
    bytesChecked: result.bytesChecked,
    durationMs: Date.now() - started,
  };
};

export default runVerifyJob;
