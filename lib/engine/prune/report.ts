// restic 0.14's prune summary, line for line, so people who know restic can read ours.
import type { PruneStats } from "./plan";

export function formatSize(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(3)} ${units[i]}`;
}

const row = (label: string, blobs: number, size: number) =>
  `${label.padEnd(14)}${String(blobs).padStart(10)} blobs / ${formatSize(size)}`;

export function formatPrunePlan(s: PruneStats): string[] {
  const totalBlobs = s.blobs.used + s.blobs.unused + s.blobs.duplicate;
  const totalSize = s.size.used + s.size.duplicate + s.size.unused + s.size.unreferenced;
  const unusedSize = s.size.duplicate + s.size.unused;
  const pruneBlobs = s.blobs.remove + s.blobs.repackrm;
  const pruneSize = s.size.remove + s.size.repackrm + s.size.unreferenced;
  const remainingSize = totalSize - pruneSize;
  const unusedAfter = unusedSize - s.size.remove - s.size.repackrm;
  const percent = remainingSize > 0 ? ((100 * unusedAfter) / remainingSize).toFixed(2) : "0.00";
  const count = (label: string, n: number, unit = "") =>
    `${label.padEnd(14)}${String(n).padStart(10)}${unit}`;
  return [
    "",
    row("to repack:", s.blobs.repack, s.size.repack),
    row("this removes:", s.blobs.repackrm, s.size.repackrm),
    row("to delete:", s.blobs.remove, s.size.remove + s.size.unreferenced),
    row("total prune:", pruneBlobs, pruneSize),
    row("remaining:", totalBlobs - pruneBlobs, remainingSize),
    `unused size after prune: ${formatSize(unusedAfter)} (${percent}% of remaining size)`,
    "",
    `totally used packs: ${String(s.packs.used).padStart(10)}`,
    `partly used packs:  ${String(s.packs.partlyUsed).padStart(10)}`,
    `unused packs:       ${String(s.packs.unused).padStart(10)}`,
    "",
    count("to keep:", s.packs.keep, " packs"),
    count("to repack:", s.packs.repack, " packs"),
    count("to delete:", s.packs.remove, " packs"),
    ...(s.packs.unreferenced > 0 ? [count("to delete:", s.packs.unreferenced, " unreferenced packs")] : []),
  ];
}
