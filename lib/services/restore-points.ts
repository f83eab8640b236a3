// The read side of what can be brought back: restore points, their files (browse one folder of
// a snapshot, download one file) and the catalog search ("every version of nginx.conf").
import path from "node:path";
import type { Readable } from "node:stream";
import { and, desc, eq, gte, lte, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { assets, catalogEntries, catalogPaths, repositories, restorePoints } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { dumpFile, isEngineError, type Node, type Repository } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "./context";
import { secretsOf } from "./context";
import { findAsset, findRestorePoint, type RestorePointRow } from "./lookup";
import { parseInput } from "./parse-input";
import {
  cachedFindNode,
  cachedSnapshot,
  cachedTree,
  openIndexedRepository,
  releaseRepository,
} from "./repository-cache";

const listInput = z
  .object({
    asset: z.string().min(1).optional(),
    before: z.coerce.date().optional(),
    after: z.coerce.date().optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .default({ limit: 100 });

/** Newest first, with the asset's name and how the point's drill went. */
export const listRestorePoints = service(
  "viewer",
  async function listRestorePoints(ctx: ServiceContext, input?: z.input<typeof listInput>) {
    const data = parseInput(listInput, input);
    const conditions: SQL[] = [];
    if (data.asset) conditions.push(eq(restorePoints.assetId, (await findAsset(ctx.db, data.asset)).id));
    if (data.before) conditions.push(lte(restorePoints.time, data.before));
    if (data.after) conditions.push(gte(restorePoints.time, data.after));
    return ctx.db
      .select({
        id: restorePoints.id,
        asset: assets.name,
        assetId: assets.id,
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
        warnings: restorePoints.warnings,
        rowCounts: restorePoints.rowCounts,
      })
      .from(restorePoints)
      .innerJoin(assets, eq(assets.id, restorePoints.assetId))
      .innerJoin(repositories, eq(repositories.id, restorePoints.repositoryId))
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(restorePoints.time))
      .limit(data.limit);
  },
);

/** The point's repository and snapshot, and `p` as a path inside it (checked before opening). */
export async function openPoint(ctx: ServiceContext, ref: string, p: string | undefined) {
  const point = await findRestorePoint(ctx.db, ref);
  const [row] = await ctx.db
    .select({ asset: assets, repository: repositories })
    .from(assets)
    .innerJoin(repositories, eq(repositories.id, point.repositoryId))
    .where(eq(assets.id, point.assetId));
  if (!row)
    throw new AppError("not_found:restore_point", `Restore point ${ref} has lost its asset or repository.`);
  const inside = snapshotPath(row.asset.kind === "directory" ? row.asset.path : null, p);
  let repo: Repository | undefined;
  try {
    repo = await openIndexedRepository(row.repository, secretsOf(ctx));
    // Trees and snapshots are cached by ID within one repository (its row).
    const scope = row.repository.id;
    const snapshot = await cachedSnapshot(repo, scope, point.snapshotId);
    return { point, asset: row.asset, repository: row.repository, repo, scope, snapshot, inside };
  } catch (error) {
    if (repo) release(repo);
    if (isEngineError(error, "not_found")) {
      throw new AppError(
        "not_found:restore_point",
        `The snapshot of restore point ${ref} is no longer in the repository.`,
      );
    }
    throw new AppError(
      "unavailable",
      `Cannot open repository ${row.repository.name}: ${(error as Error).message}`,
    );
  }
}

/** Done with an opened point's repository (a kept one stays open: repository-cache.ts). */
export function release(repo: Repository) {
  releaseRepository(repo);
}

/** A folder's or file's path inside the snapshot; users may give it relative to the asset folder. */
function snapshotPath(assetPath: string | null, p: string | undefined): string {
  const root = assetPath ?? "/";
  if (!p || p === "/" || p === ".") return root;
  const absolute = p.startsWith("/") ? path.posix.normalize(p) : path.posix.join(root, p);
  const rel = path.posix.relative(root, absolute);
  if (rel.startsWith("..")) throw new AppError("invalid_input", `path: ${p} is not inside ${root}`);
  return absolute;
}

const browseInput = z.object({ restorePoint: z.string().min(1), path: z.string().optional() });

export interface BrowseEntry {
  name: string;
  path: string;
  type: string;
  size: number;
  mtime: string | null;
}

/**
 * The parsed entries of one folder of a restore point: the same array for the same tree ID every
 * time (cached), so callers may keep derived views of it (restore-point-views.ts sorts it once).
 */
export async function folderNodes(
  ctx: ServiceContext,
  restorePoint: string,
  p: string | undefined,
): Promise<{ point: RestorePointRow; folder: string; nodes: Node[] }> {
  const { repo, scope, snapshot, point, inside: folder } = await openPoint(ctx, restorePoint, p);
  try {
    const node = await cachedFindNode(repo, scope, snapshot, folder);
    if (node.type !== "dir" || !node.subtree) throw new AppError("not_found", "not a folder");
    return { point, folder, nodes: await cachedTree(repo, scope, node.subtree) };
  } catch (error) {
    if (error instanceof AppError || isEngineError(error, "not_found")) {
      throw new AppError(
        "not_found",
        `${folder} is not a folder in restore point ${point.snapshotId.slice(0, 8)}.`,
      );
    }
    throw error;
  } finally {
    release(repo);
  }
}

export const toBrowseEntry = (folder: string, n: Node): BrowseEntry => ({
  name: n.name,
  path: path.posix.join(folder, n.name),
  type: n.type,
  size: Number(n.size ?? 0),
  mtime: n.mtime ?? null,
});

/** One folder of a restore point (the asset's folder itself by default). */
export const browseRestorePoint = service(
  "viewer",
  async function browseRestorePoint(ctx: ServiceContext, input: z.input<typeof browseInput>) {
    const data = parseInput(browseInput, input);
    const { point, folder, nodes } = await folderNodes(ctx, data.restorePoint, data.path);
    return { restorePoint: point.id, path: folder, entries: nodes.map((n) => toBrowseEntry(folder, n)) };
  },
);

const fileInput = z.object({ restorePoint: z.string().min(1), path: z.string().min(1) });

/** One file of a restore point as a stream, for a download. */
export const openRestorePointFile = service(
  // Dumps and configuration files hold secrets: operator and above (README, Sign-in and roles).
  "operator",
  async function openRestorePointFile(
    ctx: ServiceContext,
    input: z.input<typeof fileInput>,
  ): Promise<{ name: string; size: number; stream: Readable; point: RestorePointRow }> {
    const data = parseInput(fileInput, input);
    const { repo, scope, snapshot, point, inside: file } = await openPoint(ctx, data.restorePoint, data.path);
    const node = await cachedFindNode(repo, scope, snapshot, file).catch(() => null);
    if (node?.type !== "file") {
      release(repo);
      throw new AppError(
        "not_found",
        `${file} is not a file in restore point ${point.snapshotId.slice(0, 8)}.`,
      );
    }
    const stream = await dumpFile(repo, snapshot, file);
    stream.once("close", () => release(repo));
    return { name: node.name, size: Number(node.size ?? 0), stream, point };
  },
);

const searchInput = z.object({
  query: z.string().trim().min(1).max(500),
  asset: z.string().min(1).optional(),
  before: z.coerce.date().optional(),
  after: z.coerce.date().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});

/** Catalog rows whose path contains the query (any case), newest restore point first. */
export const searchCatalog = service(
  "viewer",
  async function searchCatalog(ctx: ServiceContext, input: z.input<typeof searchInput>) {
    const data = parseInput(searchInput, input);
    const pattern = `%${data.query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // The name part is matched against each distinct path once (catalog_paths), then the versions
    // are fetched by exact path: the catalog repeats every path once per restore point.
    const conditions: SQL[] = [
      sql`lower(${catalogEntries.path}) in (select lower(${catalogPaths.path}) from ${catalogPaths} where lower(${catalogPaths.path}) like ${pattern})`,
    ];
    if (data.asset) conditions.push(eq(restorePoints.assetId, (await findAsset(ctx.db, data.asset)).id));
    if (data.before) conditions.push(lte(restorePoints.time, data.before));
    if (data.after) conditions.push(gte(restorePoints.time, data.after));
    return ctx.db
      .select({
        path: catalogEntries.path,
        type: catalogEntries.type,
        size: catalogEntries.size,
        mtime: catalogEntries.mtime,
        restorePointId: restorePoints.id,
        snapshotId: restorePoints.snapshotId,
        time: restorePoints.time,
        asset: assets.name,
        assetId: assets.id,
        assetKind: assets.kind,
        assetPath: assets.path,
      })
      .from(catalogEntries)
      .innerJoin(restorePoints, eq(restorePoints.id, catalogEntries.restorePointId))
      .innerJoin(assets, eq(assets.id, restorePoints.assetId))
      .where(and(...conditions))
      .orderBy(desc(restorePoints.time), catalogEntries.path)
      .limit(data.limit);
  },
);
