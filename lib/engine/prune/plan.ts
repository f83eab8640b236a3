// Deciding what prune does with each pack, following restic 0.14's prune (cmd_prune.go):
// packs with nothing in use go, fully used packs stay (very small ones are merged once there are
// ten of them), the rest are repack candidates taken in restic's order until the unused space
// left is within --max-unused (5% by default). One copy of each duplicated blob survives.
import { EngineError } from "../errors";
import type { IndexPack } from "../index-file";
import { type BlobType, type PackBlob, packSizeFromBlobs } from "../pack";

export interface UsedBlobs {
  trees: Set<string>;
  data: Set<string>;
}

interface PackStats {
  id: string;
  /** As restic: header bytes count as used, so used + unused = the pack's size. */
  usedBlobs: number;
  usedSize: number;
  unusedBlobs: number;
  unusedSize: number;
  kind: BlobType | "mixed";
}

export interface PrunePlan {
  /** Packs in storage that no index names (leftovers of interrupted runs); safe to delete first. */
  unreferenced: { id: string; size: number }[];
  keep: string[];
  remove: string[];
  repack: string[];
  /** Packs the index names that are gone but held nothing in use: the new index drops them. */
  ignoreMissing: string[];
  /** Blobs to copy out of the repacked packs: the one copy of each used blob that survives. */
  keepers: Map<string, PackBlob[]>;
  stats: PruneStats;
}

export interface PruneStats {
  packs: {
    used: number;
    partlyUsed: number;
    unused: number;
    keep: number;
    repack: number;
    remove: number;
    unreferenced: number;
  };
  blobs: {
    used: number;
    unused: number;
    duplicate: number;
    remove: number;
    repack: number;
    repackrm: number;
  };
  size: {
    used: number;
    unused: number;
    duplicate: number;
    remove: number;
    repack: number;
    repackrm: number;
    unreferenced: number;
  };
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
  /** The repository's target pack size; packs below 1/25 of it count as small (restic). */
  packSize: number;
}

const handle = (type: BlobType, id: string) => `${type}:${id}`;

export function planPrune(input: PlanInput): PrunePlan {
  const stats = emptyStats();
  const { perPack, keepers } = classifyBlobs(input, stats);
  const plan: PrunePlan = {
    unreferenced: [],
    keep: [],
    remove: [],
    repack: [],
    ignoreMissing: [],
    keepers: new Map(),
    stats,
  };
  const targetPackSize = Math.floor(input.packSize / 25);
  const candidates: PackStats[] = [];
  const smallCandidates: PackStats[] = [];
  for (const [id, size] of input.stored) {
    const p = perPack.get(id);
    if (!p) {
      plan.unreferenced.push({ id, size });
      stats.size.unreferenced += size;
      continue;
    }
    if (p.usedBlobs > 0 && p.usedSize + p.unusedSize !== size) {
      throw new EngineError(
        "corrupt",
        `pack ${id}: calculated size ${p.usedSize + p.unusedSize} does not match real size ${size}; run check and repair the index`,
      );
    }
    if (p.usedBlobs === 0) stats.packs.unused++;
    else if (p.unusedBlobs === 0) stats.packs.used++;
    else stats.packs.partlyUsed++;

    if (p.usedBlobs === 0) {
      plan.remove.push(id);
      stats.blobs.remove += p.unusedBlobs;
      stats.size.remove += p.unusedSize;
    } else if (p.unusedBlobs === 0 && p.kind !== "mixed") {
      if (size >= targetPackSize) plan.keep.push(id);
      else smallCandidates.push(p);
    } else {
      candidates.push(p);
    }
  }
  collectMissing(input, perPack, plan);
  // Fewer than ten small packs are not worth the trouble (and one small pack would be repacked forever).
  if (smallCandidates.length < 10) plan.keep.push(...smallCandidates.map((p) => p.id));
  else candidates.push(...smallCandidates);
  chooseRepacks(candidates, plan, input.maxUnusedPercent ?? 5, targetPackSize);
  for (const id of plan.repack) plan.keepers.set(id, keepers.get(id) ?? []);
  stats.packs.keep = plan.keep.length;
  stats.packs.repack = plan.repack.length;
  stats.packs.remove = plan.remove.length;
  stats.packs.unreferenced = plan.unreferenced.length;
  return plan;
}

/** Packs the index names but storage lacks: harmless when nothing in them is used, fatal otherwise. */
function collectMissing(input: PlanInput, perPack: Map<string, PackStats>, plan: PrunePlan): void {
  const needed: string[] = [];
  for (const [id, p] of perPack) {
    if (input.stored.has(id)) continue;
    if (p.usedBlobs > 0) needed.push(id);
    else {
      plan.ignoreMissing.push(id);
      plan.stats.blobs.remove += p.unusedBlobs;
      plan.stats.size.remove += p.unusedSize;
    }
  }
  if (needed.length > 0) {
    throw new EngineError(
      "corrupt",
      `the index references ${needed.length} needed pack files which are missing from the repository: ${needed.join(", ")}; nothing was pruned`,
    );
  }
}

/**
 * restic's accounting: a blob used once is used where it is; of a duplicated used blob, the copy
 * in a pack that has other used blobs (or the last copy) is the one that survives.
 */
function classifyBlobs(input: PlanInput, stats: PruneStats) {
  const perPack = new Map<string, PackStats>();
  const keepers = new Map<string, PackBlob[]>();
  const copies = new Map<string, number>();
  const isUsed = (b: PackBlob) => (b.type === "tree" ? input.used.trees : input.used.data).has(b.id);
  for (const [id, blobs] of input.indexed) {
    const header = packSizeFromBlobs(blobs) - blobs.reduce((s, b) => s + b.length, 0);
    perPack.set(id, {
      id,
      usedBlobs: 0,
      usedSize: header,
      unusedBlobs: 0,
      unusedSize: 0,
      kind: blobs[0]?.type ?? "data",
    });
    keepers.set(id, []);
    for (const b of blobs) {
      if (!isUsed(b)) continue;
      const h = handle(b.type, b.id);
      copies.set(h, (copies.get(h) ?? 0) + 1);
    }
  }
  assertNothingMissing(input.used, copies);
  const countUsed = (p: PackStats, packId: string, b: PackBlob) => {
    p.usedBlobs++;
    p.usedSize += b.length;
    keepers.get(packId)?.push(b);
  };
  const countUnused = (p: PackStats, b: PackBlob) => {
    p.unusedBlobs++;
    p.unusedSize += b.length;
  };
  for (const [id, blobs] of input.indexed) {
    const p = perPack.get(id) as PackStats;
    for (const b of blobs) {
      if (b.type !== p.kind) p.kind = "mixed";
      if (!isUsed(b)) {
        countUnused(p, b);
        stats.blobs.unused++;
        stats.size.unused += b.length;
      } else if (copies.get(handle(b.type, b.id)) === 1) {
        countUsed(p, id, b);
        stats.blobs.used++;
        stats.size.used += b.length;
        copies.set(handle(b.type, b.id), 0);
      }
    }
  }
  settleDuplicates(input, perPack, copies, stats, countUsed, countUnused);
  return { perPack, keepers };
}

function settleDuplicates(
  input: PlanInput,
  perPack: Map<string, PackStats>,
  copies: Map<string, number>,
  stats: PruneStats,
  countUsed: (p: PackStats, packId: string, b: PackBlob) => void,
  countUnused: (p: PackStats, b: PackBlob) => void,
): void {
  // Remaining counts above 1 mark duplicates; 0 means the surviving copy is chosen.
  const duplicated = new Set([...copies].filter(([, n]) => n > 1).map(([h]) => h));
  if (duplicated.size === 0) return;
  for (const [id, blobs] of input.indexed) {
    const p = perPack.get(id) as PackStats;
    for (const b of blobs) {
      const h = handle(b.type, b.id);
      if (!duplicated.has(h)) continue;
      const left = copies.get(h) ?? 0;
      if (left > 0 && (p.usedBlobs > 0 || left === 1)) {
        countUsed(p, id, b);
        stats.blobs.used++;
        stats.size.used += b.length;
        copies.set(h, 0);
      } else {
        countUnused(p, b);
        stats.blobs.duplicate++;
        stats.size.duplicate += b.length;
        if (left > 0) copies.set(h, left - 1);
      }
    }
  }
}

function assertNothingMissing(used: UsedBlobs, copies: Map<string, number>): void {
  const missing: string[] = [];
  for (const id of used.trees) if (!copies.has(handle("tree", id))) missing.push(`tree ${id}`);
  for (const id of used.data) if (!copies.has(handle("data", id))) missing.push(`data ${id}`);
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(", ");
    throw new EngineError(
      "corrupt",
      `${missing.length} blobs that snapshots need are not in the index (${shown}); run check, nothing was pruned`,
    );
  }
}

/** restic's order: tree and mixed packs first, then small packs, then most unused per used. */
function chooseRepacks(
  candidates: PackStats[],
  plan: PrunePlan,
  maxUnusedPercent: number,
  targetPackSize: number,
): void {
  const { stats } = plan;
  const total = (p: PackStats) => p.usedSize + p.unusedSize;
  stats.maxUnusedAfter = Math.floor((maxUnusedPercent / (100 - maxUnusedPercent)) * stats.size.used);
  candidates.sort((a, b) => {
    if ((a.kind !== "data") !== (b.kind !== "data")) return a.kind !== "data" ? -1 : 1;
    if (total(a) < targetPackSize !== total(b) < targetPackSize) return total(a) < targetPackSize ? -1 : 1;
    return b.unusedSize * a.usedSize - a.unusedSize * b.usedSize;
  });
  for (const p of candidates) {
    const reachedUnusedAfter =
      stats.size.unused - stats.size.remove - stats.size.repackrm < stats.maxUnusedAfter;
    if (p.kind === "data" && reachedUnusedAfter && total(p) >= targetPackSize) {
      plan.keep.push(p.id);
      continue;
    }
    plan.repack.push(p.id);
    stats.blobs.repack += p.usedBlobs + p.unusedBlobs;
    stats.size.repack += total(p);
    stats.blobs.repackrm += p.unusedBlobs;
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
