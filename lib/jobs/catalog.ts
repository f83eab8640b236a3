// The file catalog: after a backup, every entry of the restore point's snapshot becomes one row
// of catalog_entries, so "every version of nginx.conf" across all restore points is one indexed
// query (lower(path) text_pattern_ops, plus a trigram index where pg_trgm exists).
//
// Path convention (search and browse rely on it): the path is the entry's path INSIDE THE
// SNAPSHOT, with a leading "/". For a directory asset that is the absolute original path on the
// protected host ("/etc/nginx/nginx.conf" for an asset at /etc/nginx), because Lifeboat backs up
// a folder under its absolute path. For a PostgreSQL asset it is the one dump file,
// "/<databaseName>.dump". The walk starts at the snapshot's own paths, so the folders above the
// asset ("/", "/etc") are not catalogued.
import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { catalogEntries } from "@/db/schema";
import { type Node, parseGoTime, type Repository, type Snapshot, walkSnapshot } from "@/lib/engine";

export type CatalogType = "file" | "dir" | "symlink" | "other";

export interface CatalogRow {
  path: string;
  type: CatalogType;
  size: number;
  mtime: Date | null;
}

/** Rows per INSERT: large enough that round trips stop mattering, small enough for parameters (5 each). */
export const CATALOG_BATCH = 1000;

function typeOf(node: Node): CatalogType {
  return node.type === "file" || node.type === "dir" || node.type === "symlink" ? node.type : "other";
}

function mtimeOf(node: Node): Date | null {
  try {
    const d = parseGoTime(node.mtime);
    return Number.isNaN(d.getTime()) ? null : d;
  } catch {
    return null;
  }
}

export function catalogRow(path: string, node: Node): CatalogRow {
  return {
    path,
    type: typeOf(node),
    size: node.type === "file" ? Number(node.size ?? 0n) : 0,
    mtime: mtimeOf(node),
  };
}

/** Every entry of the snapshot below its own paths, in walk order (parents before children). */
export async function* snapshotEntries(repo: Repository, snapshot: Snapshot): AsyncGenerator<CatalogRow> {
  const roots = snapshot.paths.length ? snapshot.paths : ["/"];
  for (const root of roots) {
    for await (const { path, node } of walkSnapshot(repo, snapshot, root)) yield catalogRow(path, node);
  }
}

/**
 * One INSERT per `batch` rows. The rows travel as ONE json parameter expanded by
 * json_to_recordset: a VALUES list of 1000 rows would be 5000 bound parameters, which the driver
 * serialises and the server parses one by one (measured ~2x slower, scripts/catalog-rate.ts).
 * Returns how many rows were written.
 */
export async function insertCatalogRows(
  db: Queryable,
  restorePointId: string,
  rows: AsyncIterable<CatalogRow> | Iterable<CatalogRow>,
  opts: { batch?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const size = opts.batch ?? CATALOG_BATCH;
  type Pending = { p: string; t: CatalogType; s: number; m: string | null };
  let pending: Pending[] = [];
  let written = 0;
  // One INSERT in flight while the walk reads the next trees: the walk waits on the repository,
  // the insert on the database, so they overlap instead of taking turns.
  let inFlight: Promise<void> = Promise.resolve();
  const insert = async (batch: Pending[]) => {
    await db.execute(sql`
      insert into catalog_entries (restore_point_id, path, type, size, mtime)
      select ${restorePointId}::uuid, x.p, x.t, x.s, x.m
      from json_to_recordset(${JSON.stringify(batch)}::json) as x(p text, t text, s bigint, m timestamptz)`);
    written += batch.length;
  };
  const flush = async () => {
    await inFlight;
    if (!pending.length) return;
    opts.signal?.throwIfAborted();
    inFlight = insert(pending);
    // A failed insert surfaces at the next flush or at the end, not as an unhandled rejection.
    inFlight.catch(() => undefined);
    pending = [];
  };
  try {
    for await (const row of rows) {
      pending.push({ p: row.path, t: row.type, s: row.size, m: row.mtime?.toISOString() ?? null });
      if (pending.length >= size) await flush();
    }
    await flush();
  } finally {
    await inFlight.catch(() => undefined);
  }
  await inFlight;
  return written;
}

/** Catalogs a restore point's snapshot; rows already there for the point are replaced (a rerun). */
export async function catalogSnapshot(
  db: Queryable,
  repo: Repository,
  snapshot: Snapshot,
  restorePointId: string,
  opts: { batch?: number; signal?: AbortSignal } = {},
): Promise<number> {
  // A repository opened for this (a retried job) has not read its index yet; after a backup in
  // the same process this only lists the index files and reads the new ones.
  await repo.loadIndex();
  await db.delete(catalogEntries).where(sql`${catalogEntries.restorePointId} = ${restorePointId}`);
  return insertCatalogRows(db, restorePointId, snapshotEntries(repo, snapshot), opts);
}
