// The write side of restore points: created by a backup once its snapshot is saved, marked by a
// verification drill, deleted by forget when retention removed their snapshot. Catalog rows go
// with their restore point (ON DELETE CASCADE). Written by the job kinds (lib/jobs/kinds); the
// read side people see is lib/services/restore-points.ts. Below both, so neither imports the other.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "../client";
import { restorePoints } from "../schema";

type Warning = RestorePointRow["warnings"][number];

export type RestorePointRow = typeof restorePoints.$inferSelect;

export interface NewRestorePoint {
  assetId: string;
  repositoryId: string;
  snapshotId: string;
  time: Date;
  /** Bytes read from the source. */
  sizeBytes: number;
  fileCount: number;
  bytesAdded: number;
  warnings: Warning[];
  rowCounts?: Record<string, number> | null;
  /** The snapshot's tags. */
  tags?: string[];
  jobId: string | null;
}

/**
 * Inserts the restore point. A rerun for the same snapshot (same repository) returns the row
 * already there instead of failing on the unique (repository, snapshot) index.
 */
export async function insertRestorePoint(db: Queryable, point: NewRestorePoint): Promise<RestorePointRow> {
  const [row] = await db
    .insert(restorePoints)
    .values({ ...point, rowCounts: point.rowCounts ?? null })
    .onConflictDoNothing({ target: [restorePoints.repositoryId, restorePoints.snapshotId] })
    .returning();
  if (row) return row;
  const [existing] = await db
    .select()
    .from(restorePoints)
    .where(
      and(eq(restorePoints.repositoryId, point.repositoryId), eq(restorePoints.snapshotId, point.snapshotId)),
    );
  return existing;
}

export async function getRestorePoint(db: Queryable, id: string): Promise<RestorePointRow | undefined> {
  const [row] = await db.select().from(restorePoints).where(eq(restorePoints.id, id));
  return row;
}

/** Records a drill's outcome; the error is cleared when it passes. */
export async function recordVerification(
  db: Queryable,
  id: string,
  outcome: { ok: true } | { ok: false; error: string },
  at: Date = new Date(),
): Promise<void> {
  await db
    .update(restorePoints)
    .set({
      verifiedStatus: outcome.ok ? "verified" : "failed",
      verifiedAt: at,
      verifiedError: outcome.ok ? null : outcome.error,
    })
    .where(eq(restorePoints.id, id));
}

/** Deletes the asset's restore points in this repository whose snapshot is gone; returns their ids. */
export async function deleteRestorePointsForSnapshots(
  db: Queryable,
  repositoryId: string,
  snapshotIds: string[],
): Promise<string[]> {
  if (!snapshotIds.length) return [];
  const rows = await db
    .delete(restorePoints)
    .where(and(eq(restorePoints.repositoryId, repositoryId), inArray(restorePoints.snapshotId, snapshotIds)))
    .returning({ id: restorePoints.id });
  return rows.map((r) => r.id);
}

/** The restore points of one asset in one repository (forget reconciles them with the snapshots). */
export async function restorePointsOf(
  db: Queryable,
  assetId: string,
  repositoryId: string,
): Promise<RestorePointRow[]> {
  return db
    .select()
    .from(restorePoints)
    .where(and(eq(restorePoints.assetId, assetId), eq(restorePoints.repositoryId, repositoryId)))
    .orderBy(sql`${restorePoints.time}`);
}
