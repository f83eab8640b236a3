// A folder as a source. Backups keep the folder's absolute path in the snapshot (as restic
// does, so `restic restore` of a Lifeboat snapshot looks familiar). Restores put the folder's
// contents directly into the target: they are restored into a staging folder inside the target
// and moved up, so nothing is ever written outside the target, and a restore over the original
// folder replaces files only once they were restored whole.
import { type BigIntStats, constants } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import ignore from "ignore";
import type { Repository } from "@/lib/engine";
import { backup, findNode, isEngineError, restore, type Snapshot, whileLocked } from "@/lib/engine";
import { probeDirectory } from "./probe";
import type {
  DirectorySource,
  RestoreOptions,
  RestoreResult,
  SourceBackupOptions,
  SourceBackupResult,
} from "./types";

/** Where a restore is assembled inside its target before being moved up into place. */
const STAGING_PREFIX = ".lifeboat-restore-";

/** .gitignore semantics relative to the protected folder ("*.log", "cache/", "/tmp"). */
export function folderExcludes(root: string, patterns: string[]) {
  if (patterns.length === 0) return undefined;
  const ig = ignore().add(patterns);
  return (absolutePath: string, kind: "dir" | "file") => {
    const rel = path.relative(root, absolutePath);
    if (!rel || rel === ".." || rel.startsWith("../") || path.isAbsolute(rel)) return false;
    return ig.ignores(kind === "dir" ? `${rel}/` : rel);
  };
}

export async function backupDirectory(
  repo: Repository,
  source: DirectorySource,
  opts: SourceBackupOptions,
): Promise<SourceBackupResult> {
  const root = path.resolve(source.path);
  // A folder that is gone or unreadable fails the backup before anything is saved: the engine
  // would otherwise store an empty restore point with one warning.
  await probeDirectory(root);
  opts.log?.(`backing up ${root}${source.excludes.length ? ` excluding ${source.excludes.join(", ")}` : ""}`);
  const summary = await backup(repo, [root], {
    hostname: opts.hostname,
    tags: opts.tags,
    time: opts.time,
    exclude: folderExcludes(root, source.excludes),
    signal: opts.signal,
    onProgress: opts.onProgress,
    workerNice: opts.workerNice,
    fullCollections: opts.fullCollections,
  });
  for (const e of summary.errors) opts.log?.(`could not read ${e.path}: ${e.message}`);
  const warnings = summary.errors.map((e) => ({ path: e.path, message: e.message }));
  if (summary.totalFilesProcessed === 0) {
    // Legitimate for a new folder, but also what an unmounted disk looks like: say so.
    warnings.push({
      path: root,
      message: "the folder holds no files: nothing was backed up (is its disk mounted?)",
    });
    opts.log?.(`warning: ${root} holds no files`);
  }
  opts.log?.(
    `snapshot ${summary.snapshotId.slice(0, 8)}: ${summary.totalFilesProcessed} files, ` +
      `${summary.totalBytesProcessed} bytes read, ${summary.dataAddedPacked} bytes added`,
  );
  return {
    snapshotId: summary.snapshotId,
    snapshotTime: new Date(summary.snapshot.time),
    bytesRead: summary.totalBytesProcessed,
    bytesAdded: summary.dataAddedPacked,
    fileCount: summary.totalFilesProcessed,
    warnings,
  };
}

/** The snapshot path of a user's path, which may be relative to the folder or absolute. */
export function snapshotPathOf(root: string, userPath: string): string {
  const absolute = path.posix.isAbsolute(userPath)
    ? path.posix.normalize(userPath)
    : path.posix.join(root, userPath);
  const rel = path.posix.relative(root, absolute);
  if (rel === ".." || rel.startsWith("../") || path.posix.isAbsolute(rel)) {
    throw new Error(`${userPath} is not inside the protected folder ${root}`);
  }
  return absolute;
}

export async function restoreDirectory(
  repo: Repository,
  snapshot: Snapshot,
  source: DirectorySource,
  opts: RestoreOptions,
): Promise<RestoreResult> {
  // The folder as the restore point recorded it (the asset's path may have been edited since).
  const root = snapshot.paths.length === 1 ? (snapshot.paths[0] as string) : path.resolve(source.path);
  const target = path.resolve(opts.target);
  const include = opts.paths?.length ? opts.paths.map((p) => snapshotPathOf(root, p)) : [root];
  if ((await nonEmpty(target)) && !opts.overwrite) {
    throw new Error(`the target ${target} already exists and is not empty; choose another or overwrite`);
  }
  // A chosen path the restore point does not hold is an error, not an empty restore.
  await repo.loadIndex();
  for (const p of include) {
    await findNode(repo, snapshot, p).catch((error: Error) => {
      if (isEngineError(error, "not_found")) {
        throw new Error(
          `${path.posix.relative(root, p) || "."} is not in restore point ${snapshot.id.slice(0, 8)}`,
        );
      }
      throw error;
    });
  }
  const targetBefore = await fs.stat(target, { bigint: true }).catch(() => null);
  const createdTarget = !targetBefore;
  await fs.mkdir(target, { recursive: true });
  const staging = await fs.mkdtemp(path.join(target, STAGING_PREFIX));
  let done = false;
  try {
    opts.log?.(`restoring ${include.join(", ")} into ${target}`);
    // Under a repository lock, as restic's restore: a prune cannot remove packs it still reads.
    const summary = await whileLocked(repo, { exclusive: false, signal: opts.signal }, (signal) =>
      restore(repo, snapshot, staging, {
        include,
        overwrite: opts.overwrite,
        signal,
        onProgress: opts.onProgress,
      }),
    );
    await dropDamaged(staging, summary.errors);
    await moveUp(root, staging, target, Boolean(opts.overwrite), restoredBy(include));
    done = true;
    return toResult(target, summary);
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
    // The staging folder came and went inside an existing target: its mtime says nothing new.
    if (done && targetBefore && !restoredBy(include)(root)) {
      await fs
        .utimes(target, exactSeconds(targetBefore.atimeNs), exactSeconds(targetBefore.mtimeNs))
        .catch(() => undefined);
    }
    // A failed restore into a folder it created leaves nothing behind (a retry starts clean).
    if (!done && createdTarget) await fs.rm(target, { recursive: true, force: true });
  }
}

/**
 * Whether the target holds anything. Staging folders of an attempt that was killed do not count:
 * they are removed (overwriting or not), so a retried restore job starts clean.
 */
async function nonEmpty(dir: string): Promise<boolean> {
  const entries = await fs.readdir(dir).catch(() => null);
  if (entries === null) return false;
  for (const name of entries.filter((n) => n.startsWith(STAGING_PREFIX))) {
    await fs.rm(path.join(dir, name), { recursive: true, force: true });
  }
  return entries.some((n) => !n.startsWith(STAGING_PREFIX));
}

/**
 * Files the engine could not restore (a damaged pack, say) may be half-written in the staging
 * folder: they are removed there, so the target never receives a truncated file that looks whole
 * and, when restoring over the original, the existing version of such a file is kept.
 */
async function dropDamaged(staging: string, errors: { path: string }[]): Promise<void> {
  for (const e of errors) {
    const inStaging = path.join(staging, e.path);
    if (path.relative(staging, inStaging).startsWith("..")) continue;
    const st = await fs.lstat(inStaging).catch(() => null);
    if (st && !st.isDirectory()) await fs.rm(inStaging, { force: true });
  }
}

/** Whether a snapshot path was itself restored (is, or lies below, a chosen path). */
type Restored = (snapshotPath: string) => boolean;

function restoredBy(include: string[]): Restored {
  return (p) => include.some((w) => p === w || p.startsWith(`${w}/`));
}

/**
 * Moves the restored folder's entries into the target. Folders get the snapshot's mode and mtime
 * only when they were restored themselves: the folders on the way to a chosen path keep theirs
 * (a partial restore over the original must not reset the original folder's permissions).
 */
async function moveUp(root: string, staging: string, target: string, overwrite: boolean, restored: Restored) {
  const restoredRoot = path.join(staging, root);
  const rootStat = await fs.lstat(restoredRoot, { bigint: true }).catch(() => null);
  if (!rootStat) return; // nothing matched the chosen paths
  await mergeInto(restoredRoot, target, root, overwrite, restored);
  if (restored(root)) await copyFolderMetadata(rootStat, target);
}

/**
 * Set on the folder opened without following a link (a link put in its place is refused), with
 * the times as exact as the engine sets them (a Date would keep milliseconds only).
 */
/** Seconds for utimes that land on the exact microsecond (libuv keeps no more; see the engine's timeArg). */
function exactSeconds(ns: bigint): number {
  return Number(ns / 1_000_000_000n) + (Number((ns % 1_000_000_000n) / 1000n) + 0.5) / 1e6;
}

async function copyFolderMetadata(from: BigIntStats, to: string): Promise<void> {
  const folder = await fs.open(to, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  try {
    await folder.chmod(Number(from.mode) & 0o7777);
    await folder.utimes(exactSeconds(from.atimeNs), exactSeconds(from.mtimeNs));
  } finally {
    await folder.close();
  }
}

/**
 * Moves each entry of `from` into `to`. A folder that exists on both sides is merged (a partial
 * restore must not delete the target's other files); anything else is replaced when overwriting.
 */
async function mergeInto(
  from: string,
  to: string,
  at: string,
  overwrite: boolean,
  restored: Restored,
): Promise<void> {
  for (const name of await fs.readdir(from)) {
    const src = path.join(from, name);
    const dest = path.join(to, name);
    const snapshotPath = path.posix.join(at, name);
    const existing = await fs.lstat(dest).catch(() => null);
    if (existing) {
      const incoming = await fs.lstat(src, { bigint: true });
      if (existing.isDirectory() && incoming.isDirectory()) {
        await mergeInto(src, dest, snapshotPath, overwrite, restored);
        if (restored(snapshotPath)) await copyFolderMetadata(incoming, dest);
        continue;
      }
      if (!overwrite) throw new Error(`${dest} already exists; restore elsewhere or overwrite`);
      // rename() replaces a file in one step; a folder in the way must go first.
      if (existing.isDirectory() || incoming.isDirectory())
        await fs.rm(dest, { recursive: true, force: true });
    }
    await fs.rename(src, dest);
  }
}

function toResult(
  target: string,
  summary: { filesRestored: number; bytesRestored: number; errors: { path: string; message: string }[] },
): RestoreResult {
  return {
    target,
    filesRestored: summary.filesRestored,
    bytesRestored: summary.bytesRestored,
    warnings: summary.errors.map((e) => ({ path: e.path, message: e.message })),
  };
}
