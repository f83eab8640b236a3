// A backup that follows a crashed one picks up what the crashed one stored. Backups write index
// checkpoints as they go (Repository.indexCheckpoint), so most of a killed backup's packs are
// already indexed; the packs it stored after its last checkpoint are found here and indexed,
// and the temporary files it left are removed. Only when there is evidence of a crash on this
// host (a lock or a temporary file of a dead process), and only when no other process holds a
// lock (its packs, not yet indexed, are its own business): listing every pack costs a walk of
// data/ that a normal backup does not pay.

import type { IndexPack } from "../index-file";
import { encodeIndex } from "../index-file";
import { listLocks } from "../lock";
import { readPackHeader } from "../pack";
import type { Repository } from "../repository";

/** Checkpoints: every 2 minutes, or every 64 stored packs (1 GiB at restic's pack size). */
export const BACKUP_INDEX_CHECKPOINT = { everyPacks: 64, everyMs: 2 * 60 * 1000 };

export interface ResumeResult {
  temporariesRemoved: number;
  packsRecovered: number;
  bytesRecovered: number;
}

/**
 * Call with the repository's index loaded and a lock stored, before the backup saves blobs.
 * `ownLockId` resolves once the lock is confirmed: an index is only written under one.
 */
export async function resumeAfterCrash(
  repo: Repository,
  opts: { ownLockId: () => Promise<string>; deadLocksRemoved: number; log?: (line: string) => void },
): Promise<ResumeResult> {
  const result: ResumeResult = { temporariesRemoved: 0, packsRecovered: 0, bytesRecovered: 0 };
  result.temporariesRemoved = (await repo.backend.removeStaleTemporaries?.()) ?? 0;
  if (result.temporariesRemoved === 0 && opts.deadLocksRemoved === 0) return result;
  // Packs are listed before the locks: a writer whose packs are listed stored its lock first.
  const orphans = await unindexedPacks(repo);
  if (orphans.length === 0) return result;
  const own = await opts.ownLockId();
  const others = (await listLocks(repo)).filter((l) => l.id !== own);
  if (others.length > 0) return result;
  const packs: IndexPack[] = [];
  for (const pack of orphans) {
    // A pack whose header cannot be read is left for prune (and check) to judge.
    const blobs = await readPackHeader(repo.backend, repo.key, pack.name, pack.size).catch(() => null);
    if (!blobs) continue;
    packs.push({ id: pack.name, blobs });
    result.bytesRecovered += pack.size;
  }
  if (packs.length === 0) return result;
  const fileId = await repo.saveUnpacked("index", encodeIndex(packs));
  repo.index.addFile(fileId, packs);
  result.packsRecovered = packs.length;
  opts.log?.(
    `found ${packs.length} packs (${result.bytesRecovered} bytes) an interrupted backup stored: indexed in ${fileId.slice(0, 8)}`,
  );
  return result;
}

async function unindexedPacks(repo: Repository): Promise<{ name: string; size: number }[]> {
  const indexed = new Set<string>();
  for (const packs of repo.index.files.values()) for (const p of packs) indexed.add(p.id);
  const out: { name: string; size: number }[] = [];
  for await (const file of repo.backend.list("data")) if (!indexed.has(file.name)) out.push(file);
  return out;
}
