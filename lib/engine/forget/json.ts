// restic 0.14's `forget --json` output: an array of groups {tags, host, paths, keep, remove,
// reasons}, snapshots in restic's field order plus id/short_id, empty lists as null (Go nil slices).
import type { ForgetGroup } from "../forget";
import { encodeSnapshot, type Snapshot } from "../snapshot";
import type { KeepReason } from "./policy";

function snapshotBody(sn: Snapshot): Record<string, unknown> {
  const { id: _id, ...rest } = sn;
  // Grouping sorts the paths in place in restic, so its output lists them sorted.
  return JSON.parse(encodeSnapshot({ ...rest, paths: [...rest.paths].sort() })) as Record<string, unknown>;
}

function listedSnapshot(sn: Snapshot): Record<string, unknown> {
  return { ...snapshotBody(sn), id: sn.id, short_id: sn.id.slice(0, 8) };
}

function reasonJson(r: KeepReason): Record<string, unknown> {
  return { snapshot: snapshotBody(r.snapshot), matches: r.matches, counters: r.counters };
}

const orNull = <T>(list: T[]): T[] | null => (list.length ? list : null);

export function forgetGroupsJson(groups: ForgetGroup[]): unknown[] {
  return groups.map((g) => ({
    tags: g.key.tags,
    host: g.key.hostname,
    paths: g.key.paths,
    keep: orNull(g.keep.map(listedSnapshot)),
    remove: orNull(g.remove.map(listedSnapshot)),
    reasons: orNull(g.reasons.map(reasonJson)),
  }));
}
