// Snapshot files: the last thing a backup writes, naming the root tree (RESTIC-FORMAT.md §10).
import { EngineError, isEngineError } from "./errors";
import type { Repository } from "./repository";
import { parseGoTimeNs } from "./time";

export interface Snapshot {
  id: string;
  time: string;
  parent?: string;
  tree: string;
  paths: string[];
  hostname?: string;
  username?: string;
  uid?: number;
  gid?: number;
  excludes?: string[];
  tags?: string[];
  original?: string;
  programVersion?: string;
  summary?: Record<string, unknown>;
}

export type NewSnapshot = Omit<Snapshot, "id">;

/** restic's field order; empty optional fields are left out as Go's omitempty does. */
export function encodeSnapshot(s: NewSnapshot): string {
  const out: Record<string, unknown> = { time: s.time };
  if (s.parent) out.parent = s.parent;
  out.tree = s.tree;
  out.paths = s.paths;
  if (s.hostname) out.hostname = s.hostname;
  if (s.username) out.username = s.username;
  if (s.uid) out.uid = s.uid;
  if (s.gid) out.gid = s.gid;
  if (s.excludes?.length) out.excludes = s.excludes;
  if (s.tags?.length) out.tags = s.tags;
  if (s.original) out.original = s.original;
  if (s.programVersion) out.program_version = s.programVersion;
  if (s.summary) out.summary = s.summary;
  return JSON.stringify(out);
}

export function decodeSnapshot(id: string, json: string): Snapshot {
  const raw = JSON.parse(json) as Record<string, unknown>;
  if (typeof raw.time !== "string" || typeof raw.tree !== "string") {
    throw new EngineError("corrupt", `snapshot ${id} lacks a time or a tree`);
  }
  return {
    id,
    time: raw.time,
    parent: raw.parent as string | undefined,
    tree: raw.tree,
    paths: (raw.paths as string[] | null) ?? [],
    hostname: raw.hostname as string | undefined,
    username: raw.username as string | undefined,
    uid: raw.uid as number | undefined,
    gid: raw.gid as number | undefined,
    excludes: raw.excludes as string[] | undefined,
    tags: (raw.tags as string[] | null) ?? undefined,
    original: raw.original as string | undefined,
    programVersion: raw.program_version as string | undefined,
    summary: raw.summary as Record<string, unknown> | undefined,
  };
}

export function snapshotTimeNs(s: Pick<Snapshot, "time">): bigint {
  return parseGoTimeNs(s.time);
}

export async function loadSnapshot(repo: Repository, id: string): Promise<Snapshot> {
  return decodeSnapshot(id, await repo.loadUnpacked("snapshots", id));
}

/** All snapshots, oldest first. */
export async function listSnapshots(repo: Repository): Promise<Snapshot[]> {
  const snapshots: Snapshot[] = [];
  for (const id of await repo.listFiles("snapshots")) {
    try {
      snapshots.push(await loadSnapshot(repo, id));
    } catch (err) {
      // A snapshot file being removed by a concurrent forget is not an error for a listing.
      if (!isEngineError(err, "not_found")) throw err;
    }
  }
  return snapshots.sort((a, b) => {
    const d = snapshotTimeNs(a) - snapshotTimeNs(b);
    return d < 0n ? -1 : d > 0n ? 1 : a.id.localeCompare(b.id);
  });
}

export interface SnapshotFilter {
  hostname?: string;
  paths?: string[];
  tags?: string[];
}

function matches(s: Snapshot, f: SnapshotFilter): boolean {
  if (f.hostname && s.hostname !== f.hostname) return false;
  if (f.paths) {
    const a = [...s.paths].sort();
    const b = [...f.paths].sort();
    if (a.length !== b.length || a.some((p, i) => p !== b[i])) return false;
  }
  if (f.tags?.length && !f.tags.every((t) => s.tags?.includes(t))) return false;
  return true;
}

/** 'latest' (newest matching the filter) or a unique prefix of a snapshot ID. */
export async function findSnapshot(
  repo: Repository,
  ref: string,
  filter: SnapshotFilter = {},
): Promise<Snapshot> {
  if (ref === "latest") {
    const all = (await listSnapshots(repo)).filter((s) => matches(s, filter));
    const newest = all.at(-1);
    if (!newest) throw new EngineError("not_found", "no snapshot found");
    return newest;
  }
  if (!/^[0-9a-f]{1,64}$/.test(ref))
    throw new EngineError("invalid_argument", `"${ref}" is not a snapshot ID`);
  const ids = (await repo.listFiles("snapshots")).filter((id) => id.startsWith(ref));
  if (ids.length === 0) throw new EngineError("not_found", `no snapshot with ID ${ref}`);
  if (ids.length > 1) throw new EngineError("invalid_argument", `snapshot ID prefix ${ref} is ambiguous`);
  return loadSnapshot(repo, ids[0]);
}

export async function saveSnapshot(repo: Repository, s: NewSnapshot): Promise<string> {
  return repo.saveUnpacked("snapshots", encodeSnapshot(s));
}
