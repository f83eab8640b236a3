// forget's human-readable output, laid out like restic's: a header per group, then the kept
// snapshots with their reasons and the removed ones, oldest first.
import type { ForgetGroup, GroupKey, Snapshot } from "@/lib/engine";

function groupHeader(key: GroupKey): string | null {
  const parts: string[] = [];
  if (key.hostname) parts.push(`host [${key.hostname}]`);
  if (key.tags) parts.push(`tags [${key.tags.join(", ")}]`);
  if (key.paths) parts.push(`paths [${key.paths.join(", ")}]`);
  return parts.length ? `snapshots for (${parts.join(", ")}):` : null;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join("  ")
      .trimEnd();
  const rule = "-".repeat(widths.reduce((a, b) => a + b + 2, -2));
  return [line(rows[0]), rule, ...rows.slice(1).map(line), rule].join("\n");
}

/** "2024-01-02 11:00:00" in the snapshot's own offset, which is shown unless it is UTC. */
function displayTime(time: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!m) return time;
  return m[3] === "Z" ? `${m[1]} ${m[2]}` : `${m[1]} ${m[2]} ${m[3]}`;
}

function snapshotTable(list: Snapshot[], reasons?: Map<string, string[]>): string {
  const head = ["ID", "Time", "Host", "Tags", ...(reasons ? ["Reasons"] : []), "Paths"];
  const rows = [...list]
    .reverse()
    .map((sn) => [
      sn.id.slice(0, 8),
      displayTime(sn.time),
      sn.hostname ?? "",
      (sn.tags ?? []).join(","),
      ...(reasons ? [(reasons.get(sn.id) ?? []).join(", ")] : []),
      sn.paths.join(", "),
    ]);
  return `${table([head, ...rows])}\n${list.length} snapshots\n`;
}

export function formatForgetText(groups: ForgetGroup[]): string {
  let out = "";
  for (const g of groups) {
    const header = groupHeader(g.key);
    if (header) out += `${header}\n`;
    const reasons = new Map(g.reasons.map((r) => [r.snapshot.id, r.matches]));
    if (g.keep.length) out += `keep ${g.keep.length} snapshots:\n${snapshotTable(g.keep, reasons)}\n`;
    if (g.remove.length) out += `remove ${g.remove.length} snapshots:\n${snapshotTable(g.remove)}\n`;
  }
  return out;
}
