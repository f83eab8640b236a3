// The dashboard's read side of restore points: a keyset-paged, filtered list across assets, one
// point with what the page shows (duration from its backup job, the previous point, a restore
// estimate from measured throughput) and one page of a folder of its tree.
import { and, desc, eq, gte, isNotNull, lt, lte, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { assetKinds, assets, jobs, repositories, restorePoints, verifiedStatuses } from "@/db/schema";
import { service } from "@/lib/auth/context";
import type { Node } from "@/lib/engine";
import type { ServiceContext } from "./context";
import { keysetCursor, keysetCursorOf, keysetPage, olderThan } from "./keyset";
import { findRestorePoint } from "./lookup";
import { parseInput } from "./parse-input";
import { folderNodes, toBrowseEntry } from "./restore-points";

const listInput = z
  .object({
    assetId: z.string().uuid().optional(),
    kind: z.enum(assetKinds).optional(),
    verified: z.enum(verifiedStatuses).optional(),
    since: z.coerce.date().optional(),
    until: z.coerce.date().optional(),
    /** Cursor of the last row of the previous page ("<time ISO>_<id>"). */
    before: keysetCursor.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({ limit: 50 });

const columns = {
  id: restorePoints.id,
  assetId: assets.id,
  asset: assets.name,
  kind: assets.kind,
  repository: repositories.name,
  snapshotId: restorePoints.snapshotId,
  time: restorePoints.time,
  sizeBytes: restorePoints.sizeBytes,
  bytesAdded: restorePoints.bytesAdded,
  fileCount: restorePoints.fileCount,
  verifiedStatus: restorePoints.verifiedStatus,
  verifiedAt: restorePoints.verifiedAt,
  verifiedError: restorePoints.verifiedError,
  tags: restorePoints.tags,
};

export const restorePointCursor = (row: { time: Date; id: string }) => keysetCursorOf(row.time, row.id);

/** Newest first (time, then id, so equal times never repeat or skip a row across pages). */
export const listRestorePointsPage = service(
  "viewer",
  async function listRestorePointsPage(ctx: ServiceContext, input?: z.input<typeof listInput>) {
    const data = parseInput(listInput, input);
    const conditions: SQL[] = [];
    if (data.assetId) conditions.push(eq(restorePoints.assetId, data.assetId));
    if (data.kind) conditions.push(eq(assets.kind, data.kind));
    if (data.verified) conditions.push(eq(restorePoints.verifiedStatus, data.verified));
    if (data.since) conditions.push(gte(restorePoints.time, data.since));
    if (data.until) conditions.push(lte(restorePoints.time, data.until));
    if (data.before) conditions.push(olderThan(restorePoints.time, restorePoints.id, data.before));
    const rows = await ctx.db
      .select(columns)
      .from(restorePoints)
      .innerJoin(assets, eq(assets.id, restorePoints.assetId))
      .innerJoin(repositories, eq(repositories.id, restorePoints.repositoryId))
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(restorePoints.time), desc(restorePoints.id))
      .limit(data.limit + 1);
    return keysetPage(rows, data.limit, restorePointCursor);
  },
);

/** When nothing has been restored yet: a cautious figure for a local disk. */
export const ASSUMED_RESTORE_BYTES_PER_SECOND = 50 * 1024 * 1024;

/** One restore point with its asset, backup duration, previous point and a restore estimate. */
export const getRestorePointDetails = service(
  "viewer",
  async function getRestorePointDetails(ctx: ServiceContext, ref: string) {
    const point = await findRestorePoint(ctx.db, ref);
    const [row] = await ctx.db
      .select({
        ...columns,
        assetPath: assets.path,
        databaseName: assets.databaseName,
        rowCounts: restorePoints.rowCounts,
        warnings: restorePoints.warnings,
        jobStartedAt: jobs.startedAt,
        jobFinishedAt: jobs.finishedAt,
      })
      .from(restorePoints)
      .innerJoin(assets, eq(assets.id, restorePoints.assetId))
      .innerJoin(repositories, eq(repositories.id, restorePoints.repositoryId))
      .leftJoin(jobs, eq(jobs.id, restorePoints.jobId))
      .where(eq(restorePoints.id, point.id));
    if (!row) throw new Error("restore point vanished while it was read");
    const [previous] = await ctx.db
      .select({ id: restorePoints.id, time: restorePoints.time })
      .from(restorePoints)
      .where(
        and(
          eq(restorePoints.assetId, point.assetId),
          or(
            lt(restorePoints.time, point.time),
            and(eq(restorePoints.time, point.time), lt(restorePoints.id, point.id)),
          ),
        ),
      )
      .orderBy(desc(restorePoints.time), desc(restorePoints.id))
      .limit(1);
    const durationSeconds =
      row.jobStartedAt && row.jobFinishedAt
        ? (row.jobFinishedAt.getTime() - row.jobStartedAt.getTime()) / 1000
        : null;
    const rate = await measuredRestoreRate(ctx);
    return {
      ...row,
      durationSeconds,
      previous: previous ?? null,
      estimate: {
        bytes: row.sizeBytes,
        bytesPerSecond: rate ?? ASSUMED_RESTORE_BYTES_PER_SECOND,
        measured: rate !== null,
        seconds: row.sizeBytes / (rate ?? ASSUMED_RESTORE_BYTES_PER_SECOND),
      },
    };
  },
);

/** How fast restores go here: measured, or the assumed figure when nothing was restored yet. */
export const restoreThroughput = service("viewer", async function restoreThroughput(ctx: ServiceContext) {
  const rate = await measuredRestoreRate(ctx);
  return { bytesPerSecond: rate ?? ASSUMED_RESTORE_BYTES_PER_SECOND, measured: rate !== null };
});

/** Bytes per second over the last 20 restores that succeeded and moved at least 1 MiB. */
async function measuredRestoreRate(ctx: ServiceContext): Promise<number | null> {
  const rows = await ctx.db
    .select({ bytes: jobs.bytesDone, startedAt: jobs.startedAt, finishedAt: jobs.finishedAt })
    .from(jobs)
    .where(
      and(
        eq(jobs.kind, "restore"),
        eq(jobs.status, "succeeded"),
        isNotNull(jobs.startedAt),
        isNotNull(jobs.finishedAt),
        gte(jobs.bytesDone, 1024 * 1024),
      ),
    )
    .orderBy(desc(jobs.finishedAt))
    .limit(20);
  let bytes = 0;
  let ms = 0;
  for (const r of rows) {
    bytes += Number(r.bytes ?? 0);
    ms += (r.finishedAt as Date).getTime() - (r.startedAt as Date).getTime();
  }
  return bytes > 0 && ms > 0 ? (bytes / ms) * 1000 : null;
}

const folderInput = z.object({
  restorePoint: z.string().min(1),
  path: z.string().optional(),
  /** Only entries whose name contains this (any case). */
  filter: z.string().max(200).optional(),
  /** Name of the last entry of the previous page (folders first, then by name). */
  after: z.string().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});

const folderOrder = (a: Node, b: Node) =>
  (a.type === "dir" ? 0 : 1) - (b.type === "dir" ? 0 : 1) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** A folder's entries in browsing order, sorted once per parsed tree (trees are cached by ID). */
const sortedFolders = new WeakMap<Node[], Node[]>();
function sorted(nodes: Node[]): Node[] {
  let hit = sortedFolders.get(nodes);
  if (!hit) {
    hit = nodes.slice().sort(folderOrder);
    sortedFolders.set(nodes, hit);
  }
  return hit;
}

/** One page of one folder: folders first, then names in byte order; `nextAfter` continues it. */
export const browseFolderPage = service(
  "viewer",
  async function browseFolderPage(ctx: ServiceContext, input: z.input<typeof folderInput>) {
    const data = parseInput(folderInput, input);
    const { point, folder, nodes } = await folderNodes(ctx, data.restorePoint, data.path);
    const needle = data.filter?.trim().toLowerCase();
    let entries = sorted(nodes);
    if (needle) entries = entries.filter((e) => e.name.toLowerCase().includes(needle));
    const total = entries.length;
    let from = 0;
    if (data.after !== undefined) {
      const after = entries.findIndex((e) => e.name === data.after);
      from = after >= 0 ? after + 1 : 0;
    }
    const page = entries.slice(from, from + data.limit);
    return {
      restorePoint: point.id,
      path: folder,
      entries: page.map((n) => toBrowseEntry(folder, n)),
      total,
      nextAfter: entries.length > from + data.limit ? (page.at(-1)?.name ?? null) : null,
    };
  },
);
