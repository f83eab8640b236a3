// A verification drill for a folder: restore the restore point into scratch space, then prove
// that every restored file is, chunk by chunk, what the snapshot says it is (a chunk's plaintext
// SHA-256 is its blob ID), and clean up whatever happens.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  type Repository,
  restore,
  type Snapshot,
  throwIfAborted,
  walkSnapshot,
  whileLocked,
} from "@/lib/engine";
import { ABANDONED_AFTER_MS } from "./names";
import type { DirectorySource, VerifyOptions, VerifyResult } from "./types";

const MAX_PROBLEMS = 20;
const SCRATCH_PREFIX = "lifeboat-drill-";
/** Node types the engine records but never recreates. */
const NOT_RESTORED = new Set(["socket", "irregular"]);

export function verifyDirectory(
  repo: Repository,
  snapshot: Snapshot,
  source: DirectorySource,
  opts: VerifyOptions,
): Promise<VerifyResult> {
  // Under a repository lock, as restic's restore: a prune cannot remove packs the drill reads.
  return whileLocked(repo, { exclusive: false, signal: opts.signal }, (signal) =>
    drill(repo, snapshot, source, { ...opts, signal }),
  );
}

async function drill(
  repo: Repository,
  snapshot: Snapshot,
  source: DirectorySource,
  opts: VerifyOptions,
): Promise<VerifyResult> {
  const base = opts.scratchDir ?? os.tmpdir();
  await dropAbandoned(base, opts.log);
  const scratch = await fs.mkdtemp(path.join(base, SCRATCH_PREFIX));
  const result: VerifyResult = { ok: true, filesChecked: 0, bytesChecked: 0, problems: [] };
  const problem = (text: string) => {
    result.ok = false;
    if (result.problems.length < MAX_PROBLEMS) result.problems.push(text);
  };
  // Restore errors by snapshot path, reported after the walk: entries that are never restored
  // (sockets and the like, as in restic) are expected and do not fail the drill.
  const restoreErrors = new Map<string, string>();
  try {
    opts.log?.(`drill: restoring ${source.path} into scratch space ${scratch}`);
    try {
      const summary = await restore(repo, snapshot, scratch, {
        signal: opts.signal,
        onProgress: opts.onProgress,
      });
      for (const e of summary.errors) restoreErrors.set(e.path, e.message);
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      problem(`restore failed: ${(error as Error).message}`);
      opts.log?.(`drill FAILED: ${result.problems.join("; ")}`);
      return result;
    }
    opts.log?.("drill: checking every file's content against the snapshot");
    try {
      await repo.loadIndex();
      for await (const { path: p, node } of walkSnapshot(repo, snapshot, "/")) {
        throwIfAborted(opts.signal);
        if (NOT_RESTORED.has(node.type) && restoreErrors.delete(p)) {
          opts.log?.(`drill: ${p} is a ${node.type}, which restores do not recreate`);
        }
        if (node.type !== "file") continue;
        const size = Number(node.size ?? 0);
        const issue = await checkFile(repo, path.join(scratch, p), node.content ?? [], size).catch(
          (error: Error) => `cannot be read back: ${error.message}`,
        );
        result.filesChecked++;
        result.bytesChecked += size;
        if (issue) problem(`${p}: ${issue}`);
        opts.onProgress?.({ bytesDone: result.bytesChecked, filesDone: result.filesChecked, currentPath: p });
      }
    } catch (error) {
      // A damaged tree or index is a failed drill with its reason, not a crashed job.
      if (opts.signal?.aborted) throw error;
      problem(`cannot read the snapshot's tree: ${(error as Error).message}`);
    }
    for (const [p, message] of restoreErrors) problem(`restore: ${p}: ${message}`);
    opts.log?.(
      result.ok
        ? `drill passed: ${result.filesChecked} files, ${result.bytesChecked} bytes match the snapshot`
        : `drill FAILED: ${result.problems.join("; ")}`,
    );
    return result;
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/** Scratch folders of drills whose worker was killed, untouched for a day, are removed. */
async function dropAbandoned(base: string, log?: (line: string) => void): Promise<void> {
  const names = await fs.readdir(base).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(SCRATCH_PREFIX))) {
    const dir = path.join(base, name);
    const st = await fs.lstat(dir).catch(() => null);
    if (!st?.isDirectory() || Date.now() - st.mtimeMs < ABANDONED_AFTER_MS) continue;
    log?.(`drill: removing ${dir}, left by a drill that never finished`);
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Reads the file once, in the snapshot's chunks; returns what is wrong, or null. */
async function checkFile(
  repo: Repository,
  file: string,
  blobs: string[],
  size: number,
): Promise<string | null> {
  const handle = await fs.open(file, "r").catch(() => null);
  if (!handle) return "missing after restore";
  try {
    const st = await handle.stat();
    if (st.size !== size) return `size ${st.size}, expected ${size}`;
    let offset = 0;
    for (const id of blobs) {
      const entry = repo.index.lookup("data", id);
      if (!entry) return `chunk ${id.slice(0, 8)} is not in the repository index`;
      const length = entry.uncompressedLength || entry.length - 32; // v1 blobs: ciphertext minus IV and MAC
      const buf = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buf, 0, length, offset);
      if (bytesRead !== length) return `short read at byte ${offset}`;
      if (createHash("sha256").update(buf).digest("hex") !== id) return `content differs at byte ${offset}`;
      offset += length;
    }
    return offset === size ? null : `chunks cover ${offset} bytes of ${size}`;
  } finally {
    await handle.close();
  }
}
