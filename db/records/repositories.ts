// Figures Lifeboat keeps about a repository (its size, when it was last checked and pruned),
// written by the job kinds after the engine's work and read by services and metrics.
import { eq } from "drizzle-orm";
import type { Queryable } from "../client";
import { repositories } from "../schema";

export async function recordRepositorySize(db: Queryable, repositoryId: string, sizeBytes: number) {
  await db.update(repositories).set({ sizeBytes }).where(eq(repositories.id, repositoryId));
}

export async function recordRepositoryChecked(db: Queryable, repositoryId: string, at = new Date()) {
  await db.update(repositories).set({ lastCheckedAt: at }).where(eq(repositories.id, repositoryId));
}

export async function recordRepositoryPruned(db: Queryable, repositoryId: string, at = new Date()) {
  await db.update(repositories).set({ lastPrunedAt: at }).where(eq(repositories.id, repositoryId));
}
