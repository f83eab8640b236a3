// What a drafted restore would do, for its approval card: the restore point it picks (time, size,
// verified), the target as the job would use it, and a size and time estimate from the restores
// measured here (the same figure the Restore dialog shows). Read only; the restore itself is
// startRestore's, after approval.
import { and, desc, eq, lte, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { catalogEntries, restorePoints } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { defaultDatabaseTarget, defaultDirectoryTarget } from "@/lib/sources/names";
import type { ServiceContext } from "./context";
import { findAsset, findRestorePoint } from "./lookup";
import { parseInput } from "./parse-input";
import { restoreThroughput } from "./restore-point-views";

const previewInput = z.object({
  asset: z.string().min(1),
  restorePoint: z.string().min(1).optional(),
  at: z.coerce.date().optional(),
  paths: z.array(z.string().min(1)).optional(),
  target: z.string().min(1).optional(),
  overwrite: z.boolean().optional(),
});

export interface RestorePreview {
  restorePoint: {
    id: string;
    snapshot: string;
    time: string;
    sizeBytes: number;
    fileCount: number;
    verified: string;
  } | null;
  target: string;
  overwrite: boolean;
  /** measured: from this installation's recent restores; otherwise an assumed rate. */
  estimate: { bytes: number; seconds: number; bytesPerSecond: number; measured: boolean } | null;
}

export const previewRestore = service(
  "viewer",
  async function previewRestore(
    ctx: ServiceContext,
    input: z.input<typeof previewInput>,
  ): Promise<RestorePreview> {
    const data = parseInput(previewInput, input);
    const asset = await findAsset(ctx.db, data.asset);
    let point: typeof restorePoints.$inferSelect | undefined;
    if (data.restorePoint) point = await findRestorePoint(ctx.db, data.restorePoint);
    else {
      const conditions: SQL[] = [eq(restorePoints.assetId, asset.id)];
      if (data.at) conditions.push(lte(restorePoints.time, data.at));
      [point] = await ctx.db
        .select()
        .from(restorePoints)
        .where(and(...conditions))
        .orderBy(desc(restorePoints.time))
        .limit(1);
    }
    const original = asset.kind === "directory" ? (asset.path as string) : (asset.databaseName as string);
    const now = new Date();
    const target =
      data.target ??
      (data.overwrite
        ? original
        : asset.kind === "directory"
          ? defaultDirectoryTarget(original, now)
          : defaultDatabaseTarget(original, now));
    let bytes = point?.sizeBytes ?? null;
    if (point && data.paths?.length) {
      // Only the chosen files and folders: their catalog entries' sizes.
      const [row] = await ctx.db
        .select({ bytes: sql<string>`coalesce(sum(${catalogEntries.size}), 0)` })
        .from(catalogEntries)
        .where(
          and(
            eq(catalogEntries.restorePointId, point.id),
            sql`(${sql.join(
              data.paths.map(
                (p) =>
                  sql`${catalogEntries.path} = ${p} or ${catalogEntries.path} like ${`${p.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`}`,
              ),
              sql` or `,
            )})`,
          ),
        );
      bytes = Number(row?.bytes ?? 0);
    }
    const rate = bytes === null ? null : await restoreThroughput(ctx);
    return {
      restorePoint: point
        ? {
            id: point.id,
            snapshot: point.snapshotId.slice(0, 8),
            time: point.time.toISOString(),
            sizeBytes: point.sizeBytes,
            fileCount: point.fileCount,
            verified: point.verifiedStatus,
          }
        : null,
      target,
      overwrite: Boolean(data.overwrite),
      estimate:
        bytes === null || rate === null
          ? null
          : {
              bytes,
              seconds: Math.max(1, Math.ceil(bytes / rate.bytesPerSecond)),
              bytesPerSecond: rate.bytesPerSecond,
              measured: rate.measured,
            },
    };
  },
);
