// prune: removes what no snapshot needs, in an order that keeps the repository valid if it is
// interrupted at any moment: new packs, then the new index naming every remaining pack, then
// the old index files, then the old packs. Packs an index names always exist; at worst a crash
// leaves orphan packs, which the next prune deletes first.

import { throwIfAborted } from "./errors";
import { encodeIndex, type IndexPack } from "./index-file";
import { startLock } from "./lock";
import type { PackBlob } from "./pack";
import type { LongOperation } from "./progress";
import { forEachLimit } from "./prune/parallel";
import { type PrunePlan, type PruneStats, planPrune, remainingPacks } from "./prune/plan";
import { RawPacker } from "./prune/repacker";
import { formatPrunePlan } from "./prune/report";
import { findUsedBlobs } from "./prune/tree-walk";
import type { Repository } from "./repository";
import { listSnapshots } from "./snapshot";

export type { PruneStats } from "./prune/plan";

export interface PruneOptions extends LongOperation {
  dryRun?: boolean;
  /** restic's --max-unused as a percentage; default 5. */
  maxUnusedPercent?: number;
  /** Size of the packs repacking writes; restic's default 16 MiB. */
  packSize?: number;
  /** Receives restic-style progress and summary lines. */
  log?: (line: string) => void;
}

export interface PruneResult {
  dryRun: boolean;
  stats: PruneStats;
  removedPacks: string[];
  repackedPacks: string[];
  newPacks: string[];
  unreferencedPacks: string[];
  newIndexFiles: string[];
  removedIndexFiles: string[];
}

const DEFAULT_PACK_SIZE = 16 * 1024 * 1024;
/** restic starts a new index file after this many blobs. */
const INDEX_FILE_BLOBS = 50_000;
/** Deletions in flight at once, as restic (8 workers). */
const REMOVE_CONCURRENCY = 8;

export async function prune(repo: Repository, opts: PruneOptions = {}): Promise<PruneResult> {
  const log = opts.log ?? (() => undefined);
  // Reading overlaps the lock's re-check; changing anything waits for its verdict.
  const lock = await startLock(repo, true);
  try {
    const analysing = analyse(repo, opts, log);
    analysing.catch(() => undefined); // awaited after the verdict
    await lock.confirmed;
    const { plan, indexed } = await analysing;
    const result = emptyResult(plan, !!opts.dryRun);
    if (opts.dryRun) return result;
    await execute(repo, plan, indexed, result, opts, log);
    log("done");
    return result;
  } finally {
    await lock.release();
  }
}

async function analyse(repo: Repository, opts: PruneOptions, log: (line: string) => void) {
  log("loading indexes...");
  await repo.loadIndex();
  log("loading all snapshots...");
  const snapshots = await listSnapshots(repo);
  log(`finding data that is still in use for ${snapshots.length} snapshots`);
  const used = await findUsedBlobs(
    repo,
    snapshots.map((s) => s.tree),
  );
  throwIfAborted(opts.signal);
  log("searching used packs...");
  const indexed = repo.index.packs();
  const stored = new Map<string, number>();
  for await (const f of repo.backend.list("data")) stored.set(f.name, f.size);
  log("collecting packs for deletion and repacking");
  const plan = planPrune({
    indexed,
    stored,
    used,
    maxUnusedPercent: opts.maxUnusedPercent,
    packSize: opts.packSize ?? DEFAULT_PACK_SIZE,
  });
  for (const line of formatPrunePlan(plan.stats)) log(line);
  return { plan, indexed };
}

function emptyResult(plan: PrunePlan, dryRun: boolean): PruneResult {
  return {
    dryRun,
    stats: plan.stats,
    removedPacks: plan.remove,
    repackedPacks: plan.repack,
    newPacks: [],
    unreferencedPacks: plan.unreferenced.map((p) => p.id),
    newIndexFiles: [],
    removedIndexFiles: [],
  };
}

async function execute(
  repo: Repository,
  plan: PrunePlan,
  indexed: Map<string, PackBlob[]>,
  result: PruneResult,
  opts: PruneOptions,
  log: (line: string) => void,
): Promise<void> {
  // Packs a killed backup was still writing: under this exclusive lock no writer is alive.
  const partials = (await repo.backend.removePartials?.("data")) ?? 0;
  if (partials > 0) log(`removed ${partials} unfinished pack file(s) of interrupted backups`);
  if (plan.unreferenced.length > 0) {
    log("deleting unreferenced packs");
    await forEachLimit(plan.unreferenced, REMOVE_CONCURRENCY, (p) => repo.backend.remove("data", p.id));
  }
  if (plan.remove.length === 0 && plan.repack.length === 0 && plan.ignoreMissing.length === 0) return;
  throwIfAborted(opts.signal);
  if (plan.repack.length > 0) log("repacking packs");
  const packer = await repack(repo, plan, opts);
  result.newPacks = packer.written.map((p) => p.id);

  log("rebuilding index");
  const oldIndexFiles = [...repo.index.files.keys()];
  result.newIndexFiles = await writeIndexFiles(repo, [...remainingPacks(plan, indexed), ...packer.written]);
  log("deleting obsolete index files");
  const keepIndex = new Set(result.newIndexFiles);
  result.removedIndexFiles = oldIndexFiles.filter((id) => !keepIndex.has(id));
  await forEachLimit(result.removedIndexFiles, REMOVE_CONCURRENCY, (id) => repo.backend.remove("index", id));
  const obsolete = [...plan.remove, ...plan.repack];
  log(`removing ${obsolete.length} old packs`);
  await forEachLimit(obsolete, REMOVE_CONCURRENCY, (id) => repo.backend.remove("data", id));
  await reloadIndex(repo);
}

/** Copies the surviving blobs of each repacked pack, verified, into new packs. */
async function repack(repo: Repository, plan: PrunePlan, opts: PruneOptions): Promise<RawPacker> {
  const packer = new RawPacker(repo.backend, repo.key, opts.packSize ?? DEFAULT_PACK_SIZE);
  for (const packId of plan.repack) {
    throwIfAborted(opts.signal);
    const keepers = plan.keepers.get(packId) ?? [];
    if (keepers.length === 0) continue;
    const bytes = await repo.backend.read("data", packId);
    for (const b of keepers) {
      const sealed = bytes.subarray(b.offset, b.offset + b.length);
      // Never carry a damaged blob into a new pack: that would hide corruption from check.
      repo.openBlob(b.type, b.id, sealed, b.uncompressedLength, packId);
      await packer.add(b.type, b.id, Buffer.from(sealed), b.uncompressedLength);
    }
  }
  await packer.flush();
  return packer;
}

async function writeIndexFiles(repo: Repository, packs: IndexPack[]): Promise<string[]> {
  const ids: string[] = [];
  let batch: IndexPack[] = [];
  let blobs = 0;
  const writeBatch = async () => {
    if (batch.length === 0) return;
    ids.push(await repo.saveUnpacked("index", encodeIndex(batch)));
    batch = [];
    blobs = 0;
  };
  for (const p of packs) {
    batch.push(p);
    blobs += p.blobs.length;
    if (blobs >= INDEX_FILE_BLOBS) await writeBatch();
  }
  await writeBatch();
  return ids;
}

/** The in-memory index still names removed packs; start over from what is stored now. */
async function reloadIndex(repo: Repository): Promise<void> {
  repo.index.clear();
  await repo.loadIndex();
}
