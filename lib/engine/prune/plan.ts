// Deciding what prune does with each pack, following restic 0.14's prune (cmd_prune.go): packs
// with nothing in use go, fully used packs stay, the rest are repack candidates taken in restic's
// order until the unused space left is within --max-unused (5% by default).
import { EngineError } from "../errors";
import type { IndexPack } from "../index-file";
import { type BlobType, type PackBlob, packSizeFromBlobs } from "../pack";

export interface UsedBlobs {
  trees: Set<string>;
  data: Set<string>;
}

interface PackStats {
  id: string;
  size: number;
  usedBlobs: number;
  usedSize: number;
  unusedBlobs: number;
  unusedSize: number;
  duplicateBlobs: number;
  kind: BlobType | "mixed";
}

export interface PrunePlan {
  /** Packs in storage that no index names (leftovers of interrupted runs); safe to delete first. */
  unreferenced: { id: string; size: number }[];
  keep: string[];
  remove: string[];
  repack: string[];
  /** Blobs to copy out of the repacked packs: the one copy of each used blob that survives. */
  keepers: Map<string, PackBlob[]>;
  stats: PruneStats;
}

export interface PruneStats {
  packs: { used: number; partlyUsed: number; unused: number; keep: number; repack: number; remove: number; unreferenced: number };
  blobs: { used: number; unused: number; duplicate: number; remove: number; repack: number; repackrm: number };
  size: { used: number; unused: number; duplicate: number; remove: number; repack: number; repackrm: number; unreferenced: number };
  /** Unused bytes restic tolerates after the prune (used × p / (100 − p)). */
  maxUnusedAfter: number;
}

export interface PlanInput {
  /** Every pack the loaded index files name, with its blobs. */
  indexed: Map<string, PackBlob[]>;
  /** Every pack file in storage with its size. */
  stored: Map<string, number>;
  used: UsedBlobs;
  /** restic's --max-unused as a percentage (default 5). */
  maxUnusedPercent?: number;
}

// restic 0.14 counts a blob by its stored length alone (not its header entry).
const blobSize = (b: PackBlob) => b.length;
const key = (type: BlobType, id: string) => `${type}:${id}`;

export function planPrune(input: PlanInput): PrunePlan {
  checkIndexAgainstStorage(input);
  const stats = emptyStats();
  const { perPack, keepers } = classifyBlobs(input, stats);
  const plan: PrunePlan = { unreferenced: [], keep: [], remove: [], repack: [], keepers: new Map(), stats };
  for (const [id, size] of input.stored) {
    if (!input.indexed.has(id)) plan.unreferenced.push({ id, size });
  }
  stats.packs.unreferenced = plan.unreferenced.length;
  stats.size.unreferenced = plan.unreferenced.reduce((s, p) => s + p.size, 0);

  const candidates: PackStats[] = [];
  for (const p of perPack) {
    if (p.usedBlobs === 0) stats.packs.unused++;
    else if (p.unusedBlobs === 0 && p.duplicateBlobs === 0) stats.packs.used++;
    else stats.packs.partlyUsed++;

    if (p.usedBlobs === 0) {
      plan.remove.push(p.id);
      stats.blobs.remove += p.unusedBlobs + p.duplicateBlobs;
      stats.size.remove += p.unusedSize;
    } else if (p.unusedBlobs === 0 && p.duplicateBlobs === 0 && p.kind !== "mixed") {
      plan.keep.push(p.id);
    } else {
      candidates.push(p);
    }
  }
  chooseRepacks(candidates, plan, input.maxUnusedPercent ?? 5);
  for (const id of plan.repack) plan.keepers.set(id, keepers.get(id) ?? []);
  stats.packs.keep = plan.keep.length;
  stats.packs.repack = plan.repack.length;
  stats.packs.remove = plan.remove.length;
  return plan;
}

/** restic refuses to prune when the index names packs that are gone or have the wrong size. */
function checkIndexAgainstStorage({ indexed, stored }: PlanInput): void {
  const problems: string[] = [];
  for (const [id, blobs] of indexed) {
    const size = stored.get(id);
    if (size === undefined) problems.push(`pack ${id} is in the index but missing from the repository`);
    else if (size !== packSizeFromBlobs(blobs)) {
      problems.push(`pack ${id}: size ${size} does not match the ${packSizeFromBlobs(blobs)} bytes the index describes`);
    }
  }
  if (problems.length > 0) {
    throw new EngineError("corrupt", `${problems.join("\n")}\nrun check, then repair the index before pruning`);
  }
}

/** Picks one surviving copy per used blob and counts used, unused and duplicate bytes per pack. */
function classifyBlobs(input: PlanInput, stats: PruneStats) {
  const owner = new Map<string, string>();
  const keepers = new Map<string, PackBlob[]>();
  const perPack: PackStats[] = [];
  const found = new Set<string>();
  for (const [id, blobs] of input.indexed) {
    const p: PackStats = { id, size: input.stored.get(id) ?? 0, usedBlobs: 0, usedSize: 0, unusedBlobs: 0, unusedSize: 0, duplicateBlobs: 0, kind: blobs[0]?.type ?? "data" };
    const mine: PackBlob[] = [];
    for (const b of blobs) {
      if (b.type !== p.kind) p.kind = "mixed";
      const isUsed = (b.type === "tree" ? input.used.trees : input.used.data).has(b.id);
      const k = key(b.type, b.id);
      if (isUsed && !owner.has(k)) {
        owner.set(k, id);
        found.add(k);
        mine.push(b);
        p.usedBlobs++;
        p.usedSize += blobSize(b);
      } else if (isUsed) {
        // Another pack holds the surviving copy; this one is dead weight.
        p.duplicateBlobs++;
        p.unusedSize += blobSize(b);
        stats.blobs.duplicate++;
        stats.size.duplicate += blobSize(b);
      } else {
        p.unusedBlobs++;
        p.unusedSize += blobSize(b);
      }
    }
    stats.blobs.used += p.usedBlobs;
    stats.size.used += p.usedSize;
    stats.blobs.unused += p.unusedBlobs;
    stats.size.unused += p.unusedSize;
    keepers.set(id, mine);
    perPack.push(p);
  }
  assertNothingMissing(input.used, found);
  return { perPack, keepers };
}

function assertNothingMissing(used: UsedBlobs, found: Set<string>): void {
  const missing: string[] = [];
  for (const id of used.trees) if (!found.has(key("tree", id))) missing.push(`tree ${id}`);
  for (const id of used.data) if (!found.has(key("data", id))) missing.push(`data ${id}`);
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(", ");
    throw new EngineError("corrupt", `${missing.length} blobs that snapshots need are not in the index (${shown}); run check, nothing was pruned`);
  }
}

/** restic's order: packs with duplicates first, then tree and mixed packs, then most unused per used. */
function chooseRepacks(candidates: PackStats[], plan: PrunePlan, maxUnusedPercent: number): void {
  const { stats } = plan;
  stats.maxUnusedAfter = Math.floor((maxUnusedPercent / (100 - maxUnusedPercent)) * stats.size.used);
  candidates.sort((a, b) => {
    if ((a.duplicateBlobs > 0) !== (b.duplicateBlobs > 0)) return a.duplicateBlobs > 0 ? -1 : 1;
    if ((a.kind !== "data") !== (b.kind !== "data")) return a.kind !== "data" ? -1 : 1;
    return b.unusedSize * a.usedSize - a.unusedSize * b.usedSize;
  });
  for (const p of candidates) {
    const unusedAfter = stats.size.unused - stats.size.remove - stats.size.repackrm;
    const mustRepack = p.kind !== "data";
    if (!mustRepack && unusedAfter < stats.maxUnusedAfter) {
      plan.keep.push(p.id);
      continue;
    }
    plan.repack.push(p.id);
    stats.blobs.repack += p.usedBlobs + p.unusedBlobs + p.duplicateBlobs;
    stats.size.repack += p.usedSize + p.unusedSize;
    stats.blobs.repackrm += p.unusedBlobs + p.duplicateBlobs;
    stats.size.repackrm += p.unusedSize;
  }
}

function emptyStats(): PruneStats {
  return {
    packs: { used: 0, partlyUsed: 0, unused: 0, keep: 0, repack: 0, remove: 0, unreferenced: 0 },
    blobs: { used: 0, unused: 0, duplicate: 0, remove: 0, repack: 0, repackrm: 0 },
    size: { used: 0, unused: 0, duplicate: 0, remove: 0, repack: 0, repackrm: 0, unreferenced: 0 },
    maxUnusedAfter: 0,
  };
}

/** Every pack that stays after the prune, for the new index. */
export function remainingPacks(plan: PrunePlan, indexed: Map<string, PackBlob[]>): IndexPack[] {
  return plan.keep.map((id) => ({ id, blobs: indexed.get(id) ?? [] }));
}
