// Repositories as the dashboard shows them (size, how much deduplication saves, restore points,
// last check and prune) and "Check now", which queues a check job for one repository.
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/db/records/audit";
import { repositories, restorePoints } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { enqueueJob } from "@/lib/jobs/enqueue";
import type { JobRow } from "@/lib/jobs/types";
import type { ServiceContext } from "./context";
import { findRepository } from "./lookup";
import { parseInput } from "./parse-input";
import { type RepositorySummary, repositorySummaryColumns } from "./repositories";

export interface RepositoryFigures extends RepositorySummary {
  restorePoints: number;
  /** What all restore points would take without deduplication (sum of their sizes). */
  logicalBytes: number;
  /** logicalBytes / sizeBytes; null until the size has been measured. */
  dedupRatio: number | null;
}

export const listRepositoryFigures = service(
  "viewer",
  async function listRepositoryFigures(ctx: ServiceContext): Promise<RepositoryFigures[]> {
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
  },
);

const checkInput = z.object({
  repository: z.string().min(1, { message: "name a repository" }),
  readData: z.boolean().default(false),
});

/** Queues a structural check of the repository (readData: every byte, slower). */
export const startRepositoryCheck = service(
  "operator",
  async function startRepositoryCheck(
    ctx: ServiceContext,
    input: { repository: string; readData?: boolean },
  ): Promise<JobRow> {
    const data = parseInput(checkInput, input);
    const repo = await findRepository(ctx.db, data.repository);
    return ctx.db.transaction(async (tx) => {
      const job = (await enqueueJob(tx, {
        kind: "check",
        params: { repositoryId: repo.id, readData: data.readData },
        source: ctx.actor.source,
        requestedBy: ctx.actor.id,
        maxAttempts: 1,
      })) as JobRow;
      await recordAudit(tx, ctx.actor, "repository.check", job.id, { repository: repo.name });
      return job;
    });
  },
);
