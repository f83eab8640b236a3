// Restores a snapshot (or parts of it) below a target folder, laid out as restic lays it out:
// target + the path inside the snapshot. Nothing is ever written outside the target: every
// entry is made by name inside a folder the restore opened without following links, and held
// by descriptor since (restore/folders.ts); a folder's names are checked before any is written
// (restore/entries.ts); metadata is set on descriptors, or on links themselves.
import path from "node:path";
import { LocalBackend } from "./backend/local";
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
 *
 * No forced collections here any more: the main thread's garbage is per file (jobs, replies,
 * promises), and a full collection every 32 MiB restored (which also marks the whole index)
 * cost 5-7 % of a restore's CPU. Since the workers stream each blob (restore/blob-writer.ts)
 * the restore peaks at its start, so the benchmark's restore peaked the same without them
 * (103-106 MB), CPU 2.52-3.34 s against 2.70-3.23 s (8 alternating runs).
 */
function writePoolFor(repo: Repository, onBytes: (n: number) => void): WritePool | undefined {
  if (!(repo.backend instanceof LocalBackend)) return undefined;
  const pool = new WritePool(repo.backend.root, repo);
  pool.onBytes = onBytes;
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
  const pool = writePoolFor(repo, onBytes);
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
