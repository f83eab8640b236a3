// What makes browsing instant: parsed trees kept by tree ID, snapshots by snapshot ID and, in a
// server process, opened repositories with their index. Tree and snapshot IDs are hashes of their
// contents, so a cached one is never stale. An opened repository's index only grows between
// prunes; a prune replaces index files, and a kept repository that finds one of its index files
// gone (checked at most every 10 s) is opened afresh.
import { findNode, loadSnapshot, loadTree, type Node, type Repository, type Snapshot } from "@/lib/engine";
import { openRepositoryRow, type RepositoryRow } from "@/lib/jobs/open-repository";
import type { SecretBox } from "@/lib/secrets";

/** A bounded least-recently-used map; `weight` says how much of the budget an entry takes. */
class Lru<V> {
  private map = new Map<string, { value: V; weight: number }>();
  private used = 0;
  constructor(private budget: number) {}
  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }
  set(key: string, value: V, weight = 1) {
    this.delete(key);
    this.map.set(key, { value, weight });
    this.used += weight;
    for (const [k] of this.map) {
      if (this.used <= this.budget || this.map.size <= 1) break;
      this.delete(k);
    }
  }
  delete(key: string) {
    const hit = this.map.get(key);
    if (!hit) return;
    this.map.delete(key);
    this.used -= hit.weight;
  }
  clear() {
    this.map.clear();
    this.used = 0;
  }
}

/** About 200,000 tree entries (each a few hundred bytes parsed): ten folders of 20,000. */
const trees = new Lru<Promise<Node[]>>(200_000);
const snapshots = new Lru<Promise<Snapshot>>(2_000);

/** A tree of `repo` by ID, parsed once. `scope` keeps repositories apart (their row ID). */
export function cachedTree(repo: Repository, scope: string, id: string): Promise<Node[]> {
  const key = `${scope}:${id}`;
  const hit = trees.get(key);
  if (hit) return hit;
  const loading = loadTree(repo, id);
  trees.set(key, loading, 1);
  loading.then(
    (nodes) => trees.get(key) === loading && trees.set(key, loading, Math.max(1, nodes.length)),
    () => trees.delete(key),
  );
  return loading;
}

export function cachedSnapshot(repo: Repository, scope: string, id: string): Promise<Snapshot> {
  const key = `${scope}:${id}`;
  const hit = snapshots.get(key);
  if (hit) return hit;
  const loading = loadSnapshot(repo, id);
  snapshots.set(key, loading);
  loading.catch(() => snapshots.delete(key));
  return loading;
}

/** The node at `p` inside the snapshot, walking cached trees ("/" is the root folder). */
export function cachedFindNode(
  repo: Repository,
  scope: string,
  snapshot: Snapshot,
  p: string,
): Promise<Node> {
  return findNode(repo, snapshot, p, (id) => cachedTree(repo, scope, id));
}

// --- opened repositories (server processes only) ---

interface Open {
  repo: Promise<Repository>;
  indexReadAt: number;
  usedAt: number;
}
const openKey = Symbol.for("lifeboat.openRepositories");
const store = globalThis as typeof globalThis & { [openKey]?: { on: boolean; open: Map<string, Open> } };
store[openKey] ??= { on: false, open: new Map() };
const opened = store[openKey];
const kept = new WeakSet<Repository>();

/** How often a kept repository looks for index files written since (new backups' blobs). */
const INDEX_REFRESH_MS = 10_000;
const IDLE_MS = 5 * 60_000;

/**
 * Keep repositories open between requests. Only for long-running processes (the web server, the
 * bench): an S3 repository's connections would keep a one-shot CLI command from exiting.
 */
export function keepRepositoriesOpen(on = true) {
  opened.on = on;
}
const keeping = () => opened.on || process.env.NEXT_RUNTIME === "nodejs";

const rowKey = (row: RepositoryRow) =>
  `${row.id}|${row.url}|${row.passwordEncrypted}|${row.credentialsEncrypted ?? ""}`;

/** The repository behind a row with its index loaded: kept open in a server, fresh otherwise. */
export async function openIndexedRepository(row: RepositoryRow, secrets: SecretBox): Promise<Repository> {
  if (!keeping()) {
    const repo = await openRepositoryRow(row, secrets);
    try {
      await repo.loadIndex();
    } catch (error) {
      releaseRepository(repo);
      throw error;
    }
    return repo;
  }
  const key = rowKey(row);
  const now = Date.now();
  for (const [k, o] of opened.open)
    if (now - o.usedAt > IDLE_MS) {
      opened.open.delete(k);
      o.repo.then(close, () => undefined);
    }
  let entry = opened.open.get(key);
  if (!entry) {
    const repo = openRepositoryRow(row, secrets).then(async (r) => {
      kept.add(r);
      await r.loadIndex();
      return r;
    });
    entry = { repo, indexReadAt: now, usedAt: now };
    opened.open.set(key, entry);
    repo.catch(() => opened.open.get(key) === entry && opened.open.delete(key));
    return repo;
  }
  entry.usedAt = now;
  const repo = await entry.repo;
  if (now - entry.indexReadAt > INDEX_REFRESH_MS) {
    entry.indexReadAt = now;
    // A prune replaces index files: an index read before it may point into deleted packs, so a
    // vanished index file means opening afresh. New files (new backups) are simply added.
    const present = new Set(await repo.listFiles("index"));
    if ([...repo.index.files.keys()].some((name) => !present.has(name))) {
      forgetRepository(row);
      return openIndexedRepository(row, secrets);
    }
    await repo.loadIndex();
  }
  return repo;
}

/** Done with a repository: a kept one stays open, any other closes its connections. */
export function releaseRepository(repo: Repository) {
  if (!kept.has(repo)) close(repo);
}

/** Drops a kept repository (its index no longer matches the packs: a prune ran). */
export function forgetRepository(row: RepositoryRow) {
  const entry = opened.open.get(rowKey(row));
  if (!entry) return;
  opened.open.delete(rowKey(row));
  entry.repo.then(close, () => undefined);
}

function close(repo: Repository) {
  (repo.backend as { close?: () => void }).close?.();
}
