// Which snapshots forget considers (--host/--tag/--path) and how it splits them into groups
// (--group-by), as restic 0.14's FindFilteredSnapshots and GroupSnapshots do.
import { EngineError } from "../errors";
import type { Snapshot } from "../snapshot";

export interface GroupBy {
  host: boolean;
  paths: boolean;
  tags: boolean;
}

export const DEFAULT_GROUP_BY: GroupBy = Object.freeze({ host: true, paths: true, tags: false });

/** "host,paths" → GroupBy; '' disables grouping. restic accepts singular and plural words. */
export function parseGroupBy(text: string): GroupBy {
  const g: GroupBy = { host: false, paths: false, tags: false };
  for (const word of text.split(",")) {
    if (word === "host" || word === "hosts") g.host = true;
    else if (word === "path" || word === "paths") g.paths = true;
    else if (word === "tag" || word === "tags") g.tags = true;
    else if (word !== "") throw new EngineError("invalid_argument", `unknown grouping option: '${word}'`);
  }
  return g;
}

export interface GroupKey {
  hostname: string;
  paths: string[] | null;
  tags: string[] | null;
}

export interface SnapshotGroup {
  key: GroupKey;
  snapshots: Snapshot[];
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Groups in a stable order (by key); restic's own order is Go map order, i.e. random. */
export function groupSnapshots(snapshots: Snapshot[], by: GroupBy): SnapshotGroup[] {
  const groups = new Map<string, SnapshotGroup>();
  for (const sn of snapshots) {
    const key: GroupKey = {
      hostname: by.host ? (sn.hostname ?? "") : "",
      paths: by.paths ? [...sn.paths].sort(byteOrder) : null,
      tags: by.tags && sn.tags?.length ? [...sn.tags].sort(byteOrder) : null,
    };
    const text = JSON.stringify(key);
    const group = groups.get(text) ?? { key, snapshots: [] };
    group.snapshots.push(sn);
    groups.set(text, group);
  }
  return [...groups.entries()].sort(([a], [b]) => byteOrder(a, b)).map(([, g]) => g);
}

/** restic's HasTags: every tag of the list is present; an empty tag matches an untagged snapshot. */
export function hasTags(sn: Pick<Snapshot, "tags">, list: string[]): boolean {
  const tags = sn.tags ?? [];
  for (const tag of list) {
    if (tag === "" && tags.length === 0) return true;
    if (!tags.includes(tag)) return false;
  }
  return true;
}

/** "a, b" → ["a", "b"]: one --tag/--keep-tag value, whitespace trimmed around each tag. */
export function parseTagList(text: string): string[] {
  return text.split(",").map((t) => t.trim());
}

export interface SnapshotSelection {
  hosts?: string[];
  /** A snapshot matches when it has all tags of at least one list. */
  tags?: string[][];
  /** A snapshot matches when it contains every one of these paths. */
  paths?: string[];
}

export function selectSnapshots(snapshots: Snapshot[], sel: SnapshotSelection): Snapshot[] {
  return snapshots.filter(
    (sn) =>
      (!sel.hosts?.length || sel.hosts.includes(sn.hostname ?? "")) &&
      (!sel.tags?.length || sel.tags.some((list) => hasTags(sn, list))) &&
      (sel.paths ?? []).every((p) => sn.paths.includes(p)),
  );
}
