// Restores a snapshot (or parts of it) below a target folder, laid out as restic lays it out:
// target + the path inside the snapshot. Nothing is ever written outside the target: every
// entry is made by name inside a folder the restore opened without following links, and held
// by descriptor since (restore/folders.ts); a folder's names are checked before any is written
// (restore/entries.ts); metadata is set on descriptors, or on links themselves.
import path from "node:path";
import { LocalBackend } from "./backend/local";
import { collectEvery } from "./backup/gc";
import { throwIfAborted } from "./errors";
import { type LongOperation, throttleProgress } from "./progress";
import type { Repository } from "./repository";
import { RestoreRun } from "./restore/run";
import { WritePool } from "./restore/write-pool";
import type { Snapshot } from "./snapshot";

export interface RestoreOptions extends LongOperation {
  /** Paths inside the snapshot to restore (with everything below them); all when empty. */
  include?: string[];
  /** Replace files that already exist in the target; otherwise an existing file is an error. */
  overwrite?: boolean;
}

export interface RestoreSummary {
  filesRestored: number;
  dirsRestored: number;
  bytesRestored: number;
  errors: { path: string; message: string }[];
}

/** Files restored at once; blob reads and writes of different files overlap. */
const FILE_CONCURRENCY = 16;
/** With write workers: enough queued to keep each busy between messages. */
const POOLED_CONCURRENCY = 128;

function includeMatcher(include: string[] | undefined) {
  const wanted = (include ?? []).map((p) => path.posix.normalize(`/${p}`).replace(/\/+$/, "") || "/");
  if (wanted.length === 0 || wanted.includes("/")) return { restores: () => true, descends: () => true };
  return {
    /** The path itself is wanted (it is, or lies below, an included path). */
    restores: (p: string) => wanted.some((w) => p === w || p.startsWith(`${w}/`)),
    /** The path is on the way to something wanted. */
    descends: (p: string) => wanted.some((w) => w.startsWith(`${p}/`) || p === w || p.startsWith(`${w}/`)),
  };
}

/**
 * A local repository's packs are read by worker threads, which also decrypt and write: the main
 * thread only walks trees. Other backends read through the backend in this thread.
 */
function writePoolFor(
  repo: Repository,
  onBytes: (n: number) => void,
  fullCollections: boolean,
): WritePool | undefined {
  if (!(repo.backend instanceof LocalBackend)) return undefined;
  const pool = new WritePool(repo.backend.root, repo);
  // The main thread's garbage here is per file (jobs, replies, promises) and outlives the young
  // generation, so it piles up in the old one: 20 MB of it at the peak of a 10,000-file restore
  // with 10 MB live. A full collection every 32 MiB restored keeps it down.
  const collect = fullCollections ? collectEvery(32 * 1024 * 1024) : () => {};
  pool.onBytes = (n) => {
    collect(n);
    onBytes(n);
  };
  return pool;
}

export async function restore(
  repo: Repository,
  snapshot: Snapshot,
  target: string,
  opts: RestoreOptions = {},
): Promise<RestoreSummary> {
  await repo.loadIndex();
  const summary: RestoreSummary = { filesRestored: 0, dirsRestored: 0, bytesRestored: 0, errors: [] };
  const progress = throttleProgress(opts.onProgress);
  const state = { bytesDone: 0, filesDone: 0, currentPath: "" };
  const onBytes = (n: number) => {
    state.bytesDone += n;
    summary.bytesRestored += n;
    progress.report({ ...state });
  };
  const pool = writePoolFor(repo, onBytes, opts.fullCollections !== false);
  const run = new RestoreRun(
    repo,
    pool,
    {
      ...includeMatcher(opts.include),
      overwrite: opts.overwrite === true,
      signal: opts.signal,
      concurrency: pool ? POOLED_CONCURRENCY : FILE_CONCURRENCY,
    },
    summary,
  );
  run.onBytes = onBytes;
  run.onFileDone = (display) => {
    state.filesDone++;
    state.currentPath = display;
  };
  try {
    await run.run(snapshot.tree, target);
  } finally {
    await pool?.close();
  }
  throwIfAborted(opts.signal);
  progress.flush({ ...state });
  return summary;
}
