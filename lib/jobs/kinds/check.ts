// The check job: the engine's check on one repository (structure, and every byte with readData),
// recorded as repositories.last_checked_at. Problems fail the job with the check's findings in
// words, at once: a retry reads the same damaged data.
import { recordAudit } from "@/db/records/audit";
import { recordRepositoryChecked } from "@/db/records/repositories";
import { check } from "@/lib/engine";
import { openRepositoryRow } from "../open-repository";
import { checkParams } from "../params";
import { type JobHandler, type JobRunContext, PermanentJobError } from "../types";
import { jobActor, loadRepository, parseParams } from "./shared";

/** How many findings the job's error names; the log has all of them. */
const ERRORS_IN_MESSAGE = 5;

export const runCheckJob: JobHandler = async (ctx: JobRunContext) => {
  const started = Date.now();
  const params = parseParams(checkParams, ctx.job.params);
  const repoRow = await loadRepository(ctx.db, params.repositoryId);
  const repo = await openRepositoryRow(repoRow, ctx.secrets);
  ctx.log(`checking ${repoRow.name}${params.readData ? ", reading all data" : ""}`);
  const result = await check(repo, {
    readData: params.readData,
    signal: ctx.signal,
    onProgress: ctx.progress,
    log: ctx.log,
  });
  // The check ran to the end either way: record when, so the dashboard shows it was looked at.
  await ctx.db.transaction(async (tx) => {
    await recordRepositoryChecked(tx, repoRow.id);
    await recordAudit(tx, jobActor(ctx), "repository.check", repoRow.id, {
      name: repoRow.name,
      job: ctx.job.id,
      readData: Boolean(params.readData),
      problems: result.errors.length,
    });
  });
  for (const e of result.errors) ctx.log(`error: ${e.message}`);
  if (result.errors.length) {
    const shown = result.errors.slice(0, ERRORS_IN_MESSAGE).map((e) => e.message);
    const more = result.errors.length - shown.length;
    throw new PermanentJobError(
      `check found ${result.errors.length} problem${result.errors.length === 1 ? "" : "s"} in ${repoRow.name}: ${shown.join("; ")}${more ? `; and ${more} more (see the log)` : ""}`,
    );
  }
  ctx.log(
    `no errors: ${result.snapshotsChecked} snapshots, ${result.packsChecked} packs, ${result.packsRead} read`,
  );
  return {
    repositoryId: repoRow.id,
    snapshotsChecked: result.snapshotsChecked,
    packsChecked: result.packsChecked,
    packsRead: result.packsRead,
    orphanedPacks: result.orphanedPacks.length,
    durationMs: Date.now() - started,
  };
};

export default runCheckJob;
