// Repositories as the dashboard shows them (size, how much deduplication saves, restore points,
// last check and prune) and "Check now", which queues a check job for one repository.
import { asc, eq, sql } from "drizzle-orm";
import { repositories, restorePoints } from "@/db/schema";
import { requireRole } from "@/lib/auth/roles";
import { enqueueJob } from "@/lib/jobs/enqueue";
import type { JobRow } from "@/lib/jobs/types";
import { recordAudit } from "./audit";
import type { ServiceContext } from "./context";
import { findRepository } from "./lookup";
import { type RepositorySummary, repositorySummaryColumns } from "./repositories";

export interface RepositoryFigures extends RepositorySummary {
  restorePoints: number;
  /** What all restore points would take without deduplication (sum of their sizes). */
  logicalBytes: number;
  /** logicalBytes / sizeBytes; null until the size has been measured. */
  dedupRatio: number | null;
}

export async function listRepositoryFigures(ctx: ServiceContext): Promise<RepositoryFigures[]> {
  requireRole(ctx.actor, "viewer");
  const rows = await ctx.db
    .select({
      ...repositorySummaryColumns,
      restorePoints: sql<number>`count(${restorePoints.id})::int`,
      logicalBytes: sql<number>`coalesce(sum(${restorePoints.sizeBytes}), 0)::float8`,
    })
    .from(repositories)
    .leftJoin(restorePoints, eq(restorePoints.repositoryId, repositories.id))
    .groupBy(repositories.id)
    .orderBy(asc(repositories.name));
  return rows.map((r) => {
    const size = r.sizeBytes == null ? null : Number(r.sizeBytes);
    const logical = Number(r.logicalBytes);
    return {
      ...r,
      sizeBytes: size,
      restorePoints: Number(r.restorePoints),
      logicalBytes: logical,
      dedupRatio: size && logical ? logical / size : null,
    };
  });
}

/** Queues a structural check of the repository (readData: every byte, slower). */
export async function startRepositoryCheck(
  ctx: ServiceContext,
  input: { repository: string; readData?: boolean },
): Promise<JobRow> {
  requireRole(ctx.actor, "operator");
  const repo = await findRepository(ctx.db, String(input?.repository ?? ""));
  return ctx.db.transaction(async (tx) => {
    const job = (await enqueueJob(tx, {
      kind: "check",
      params: { repositoryId: repo.id, readData: input.readData === true },
      source: ctx.actor.source,
      requestedBy: ctx.actor.id,
      maxAttempts: 1,
    })) as JobRow;
    await recordAudit(tx, ctx.actor, "repository.check", job.id, { repository: repo.name });
    return job;
  });
}
