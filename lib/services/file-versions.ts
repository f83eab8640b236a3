// A file's versions across restore points: every restore point of the same asset whose catalog
// holds the exact path, newest first, with the size and modification time it had there (the
// "Versions" of a file in the browser). The catalog answers it, so no snapshot is opened.
import path from "node:path";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { assets, catalogEntries, restorePoints } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "./context";
import { findRestorePoint } from "./lookup";
import { parseInput } from "./parse-input";

const versionsInput = z.object({
  restorePoint: z.string().min(1),
  /** The file's absolute path inside the snapshot (as the browser lists it). */
  path: z.string().min(1).max(4096),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const listFileVersions = service(
  "viewer",
  async function listFileVersions(ctx: ServiceContext, input: z.input<typeof versionsInput>) {
    const data = parseInput(versionsInput, input);
    if (!data.path.startsWith("/"))
      throw new AppError("invalid_input", "path: give the file's absolute path.");
    const file = path.posix.normalize(data.path);
    const point = await findRestorePoint(ctx.db, data.restorePoint);
    const versions = await ctx.db
      .select({
        restorePointId: restorePoints.id,
        snapshotId: restorePoints.snapshotId,
        time: restorePoints.time,
        type: catalogEntries.type,
        size: catalogEntries.size,
        mtime: catalogEntries.mtime,
      })
      .from(catalogEntries)
      .innerJoin(restorePoints, eq(restorePoints.id, catalogEntries.restorePointId))
      .innerJoin(assets, eq(assets.id, restorePoints.assetId))
      .where(
        and(
          eq(restorePoints.assetId, point.assetId),
          // lower() first: the catalog's index is on lower(path); the exact path then decides.
          sql`lower(${catalogEntries.path}) = lower(${file})`,
          eq(catalogEntries.path, file),
        ),
      )
      .orderBy(desc(restorePoints.time), desc(restorePoints.id))
      .limit(data.limit);
    return { path: file, versions };
  },
);
