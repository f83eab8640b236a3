// The retention job: apply the policy's rules to one asset's snapshots (tag asset:<id>, one group
// per asset), delete the restore points whose snapshot went (their catalog rows go by ON DELETE
// CASCADE), and prune the repository when params.prune says the policy's interval has passed.
//
// Crash safety: snapshot files are removed first, rows after. A run killed in between leaves
// restore points without a snapshot; every run therefore also drops the asset's points whose
// snapshot file is no longer in the repository (found by listing names, not by decoding, so an
// unreadable snapshot never costs its restore point).
import { recordAudit } from "@/db/records/audit";
import { recordRepositoryPruned } from "@/db/records/repositories";
import { deleteRestorePointsForSnapshots, restorePointsOf } from "@/db/records/restore-points";
import { forgetSnapshots, isEngineError, prune } from "@/lib/engine";
import { openRepositoryRow } from "../open-repository";
import { forgetParams } from "../params";
import { type JobHandler, type JobRunContext, PermanentJobError } from "../types";
import { ASSET_GROUP_BY, assetSelection, hasRetention, retentionRules } from "./retention";
import { jobActor, loadAsset, loadPolicy, loadRepository, parseParams, recordRepositorySize } from "./shared";

export const runForgetJob: JobHandler = async (ctx: JobRunContext) => {
  const started = Date.now();
  const params = parseParams(forgetParams, ctx.job.params);
  const asset = await loadAsset(ctx.db, ctx.job.assetId);
  const policy = await loadPolicy(ctx.db, ctx.job.policyId);
  if (!policy) throw new PermanentJobError("a forget job needs a policy (its retention rules)");
  const repoRow = await loadRepository(ctx.db, policy.repositoryId);
  const repo = await openRepositoryRow(repoRow, ctx.secrets);

  let removed: string[] = [];
  let kept = 0;
  if (hasRetention(policy.retention)) {
    const outcome = await forgetSnapshots(repo, retentionRules(policy.retention), {
      selection: assetSelection(asset.id),
      groupBy: ASSET_GROUP_BY,
    });
    removed = outcome.removed;
    kept = outcome.groups.reduce((n, g) => n + g.keep.length, 0);
    ctx.log(`retention kept ${kept} snapshots of ${asset.name} and removed ${removed.length}`);
  } else {
    ctx.log(`policy ${policy.name} has no retention rule: nothing to forget`);
  }
  ctx.signal.throwIfAborted();

  const present = new Set(await repo.listFiles("snapshots"));
  const gone = (await restorePointsOf(ctx.db, asset.id, repoRow.id))
    .map((p) => p.snapshotId)
    .filter((id) => !present.has(id));
  const deleted = await ctx.db.transaction(async (tx) => {
    const ids = await deleteRestorePointsForSnapshots(tx, repoRow.id, [...new Set([...removed, ...gone])]);
    // Snapshots removed from the repository are a change even when no restore point went with them.
    if (ids.length || removed.length) {
      await recordAudit(tx, jobActor(ctx), "restore_point.forget", asset.id, {
        asset: asset.name,
        policy: policy.name,
        repository: repoRow.name,
        job: ctx.job.id,
        snapshotsRemoved: removed,
        restorePointsDeleted: ids,
      });
    }
    return ids;
  });
  if (deleted.length) ctx.log(`deleted ${deleted.length} restore points with their catalog`);

  let pruned = false;
  if (params.prune) {
    try {
      const result = await prune(repo, { signal: ctx.signal, onProgress: ctx.progress, log: ctx.log });
      await ctx.db.transaction(async (tx) => {
        await recordRepositoryPruned(tx, repoRow.id);
        await recordAudit(tx, jobActor(ctx), "repository.prune", repoRow.id, {
          name: repoRow.name,
          job: ctx.job.id,
          packsRemoved: result.removedPacks.length,
          packsRepacked: result.repackedPacks.length,
        });
      });
      ctx.log(`pruned: ${result.removedPacks.length} packs removed, ${result.repackedPacks.length} repacked`);
      pruned = true;
    } catch (err) {
      // Another job holds the repository (a backup of another asset): prune waits for the next
      // forget instead of failing this one, whose snapshots and rows are already consistent.
      if (!isEngineError(err, "locked")) throw err;
      ctx.log(`prune skipped, the repository is in use: ${(err as Error).message}`);
    }
  }
  await recordRepositorySize(ctx.db, repo, repoRow.id, ctx);
  return {
    snapshotsRemoved: removed.length,
    snapshotsKept: kept,
    restorePointsDeleted: deleted.length,
    pruned,
    durationMs: Date.now() - started,
  };
};

export default runForgetJob;
