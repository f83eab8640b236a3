// restic 0.14's `forget --json` output: an array of groups {tags, host, paths, keep, remove,
// reasons}, snapshots in restic's field order plus id/short_id, empty lists as null (Go nil slices).
import type { ForgetGroup } from "../forget";
import { encodeSnapshot, type Snapshot } from "../snapshot";
import type { KeepReason } from "./policy";

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * restic's grouping sorts each snapshot's paths in place, and its tags too when grouping by tags,
 * so its output lists them sorted.
 */
function snapshotBody(sn: Snapshot, tagsSorted: boolean): Record<string, unknown> {
  const { id: _id, ...rest } = sn;
  const tags = tagsSorted && rest.tags ? [...rest.tags].sort(byteOrder) : rest.tags;
  return JSON.parse(encodeSnapshot({ ...rest, paths: [...rest.paths].sort(byteOrder), tags })) as Record<
    string,
    unknown
  >;
}

function listedSnapshot(sn: Snapshot, tagsSorted: boolean): Record<string, unknown> {
  return { ...snapshotBody(sn, tagsSorted), id: sn.id, short_id: sn.id.slice(0, 8) };
}

function reasonJson(r: KeepReason, tagsSorted: boolean): Record<string, unknown> {
  return { snapshot: snapshotBody(r.snapshot, tagsSorted), matches: r.matches, counters: r.counters };
}

const orNull = <T>(list: T[]): T[] | null => (list.length ? list : null);

export function forgetGroupsJson(groups: ForgetGroup[]): unknown[] {
  return groups.map((g) => {
    const sorted = g.key.tags !== null;
    return {
      tags: g.key.tags,
      host: g.key.hostname,
      paths: g.key.paths,
      keep: orNull(g.keep.map((s) => listedSnapshot(s, sorted))),
      remove: orNull(g.remove.map((s) => listedSnapshot(s, sorted))),
      reasons: orNull(g.reasons.map((r) => reasonJson(r, sorted))),
    };
  });
}
