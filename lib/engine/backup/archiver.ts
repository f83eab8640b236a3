// Walks the backup targets, reuses unchanged files from the parent snapshot, sends the rest
// through the file pool, and writes one tree blob per directory once its children are done.
import fs from "node:fs/promises";
import path from "node:path";
import { EngineError, throwIfAborted } from "../errors";
import { type Node, nameBytes, nodeFromLstat } from "../node";
import type { Repository } from "../repository";
import { parseTree, serializeTree } from "../tree";
import type { FilePool } from "./file-pool";

export interface ArchiveStats {
  filesNew: number;
  filesChanged: number;
  filesUnmodified: number;
  dirsNew: number;
  dirsChanged: number;
  dirsUnmodified: number;
  treeBlobs: number;
  treeAdded: number;
  treeAddedPacked: number;
  totalFilesProcessed: number;
  totalBytesProcessed: number;
}

export interface ArchiveError {
  path: string;
  message: string;
}

export interface ArchiverHooks {
  signal?: AbortSignal;
  exclude?: (absolutePath: string, node: Node) => boolean;
  onFileDone?: (path: string, size: number) => void;
  onBytesSkipped?: (n: number) => void;
  onPath?: (path: string) => void;
}

type Pending = Promise<Node | null>;
/** Wrapped so that awaiting the scan does not also wait for the content (promises flatten). */
interface Scanned {
  done: Pending;
}
const ready = (node: Node | null): Scanned => ({ done: Promise.resolve(node) });

const key = (n: Pick<Node, "name" | "nameRaw">) => nameBytes(n).toString("latin1");

export class Archiver {
  readonly stats: ArchiveStats = {
    filesNew: 0,
    filesChanged: 0,
    filesUnmodified: 0,
    dirsNew: 0,
    dirsChanged: 0,
    dirsUnmodified: 0,
    treeBlobs: 0,
    treeAdded: 0,
    treeAddedPacked: 0,
    totalFilesProcessed: 0,
    totalBytesProcessed: 0,
  };
  readonly errors: ArchiveError[] = [];

  constructor(
    private readonly repo: Repository,
    private readonly pool: FilePool,
    private readonly hooks: ArchiverHooks = {},
  ) {}

  async saveTree(nodes: Node[]): Promise<string> {
    const bytes = serializeTree(nodes);
    const r = await this.repo.saveBlob("tree", bytes);
    if (!r.known) {
      this.stats.treeBlobs++;
      this.stats.treeAdded += bytes.length;
      this.stats.treeAddedPacked += r.storedSize;
    }
    return r.id;
  }

  async loadParentTree(id: string | undefined): Promise<Map<string, Node>> {
    if (!id) return new Map();
    try {
      return new Map(parseTree(await this.repo.loadBlob("tree", id)).map((n) => [key(n), n]));
    } catch {
      return new Map(); // an unreadable parent only costs re-reading
    }
  }

  private record(p: string, err: unknown) {
    this.errors.push({ path: p, message: (err as Error).message ?? String(err) });
  }

  /** restic's change detection: same type, size, mtime, ctime and inode, and blobs still there. */
  private unchanged(node: Node, old: Node | undefined): old is Node {
    if (!old || old.type !== "file" || !old.content) return false;
    if ((old.size ?? 0n) !== (node.size ?? 0n) || old.mtime !== node.mtime || old.ctime !== node.ctime || old.inode !== node.inode) {
      return false;
    }
    return old.content.every((id) => this.repo.hasBlob("data", id));
  }

  /**
   * Builds the node for one path. Resolves the outer promise once the path is scanned (so the
   * caller can move on), the inner one once its content or subtree is stored.
   */
  async visit(full: Buffer, name: Buffer, old: Node | undefined): Promise<Scanned> {
    const display = full.toString("utf8");
    throwIfAborted(this.hooks.signal);
    let node: Node;
    try {
      node = await nodeFromLstat(full, name);
    } catch (err) {
      this.record(display, err);
      return ready(null);
    }
    if (this.hooks.exclude?.(display, node)) return ready(null);
    this.hooks.onPath?.(display);
    if (node.type === "dir") return this.visitDir(full, node, old);
    if (node.type !== "file") return ready(node);
    this.stats.totalFilesProcessed++;
    if (this.unchanged(node, old)) {
      node.content = old.content;
      this.stats.filesUnmodified++;
      this.stats.totalBytesProcessed += Number(node.size ?? 0n);
      this.hooks.onBytesSkipped?.(Number(node.size ?? 0n));
      this.hooks.onFileDone?.(display, Number(node.size ?? 0n));
      return ready(node);
    }
    const { result } = await this.pool.submit(full);
    const done = result.then((r) => {
      if (r.error) {
        this.stats.totalFilesProcessed--;
        this.record(display, new Error(r.error));
        return null;
      }
      node.content = r.content;
      node.size = BigInt(r.size);
      this.stats.totalBytesProcessed += r.size;
      if (old) this.stats.filesChanged++;
      else this.stats.filesNew++;
      this.hooks.onFileDone?.(display, r.size);
      return node;
    });
    return { done };
  }

  private async visitDir(full: Buffer, node: Node, old: Node | undefined): Promise<Scanned> {
    const display = full.toString("utf8");
    let names: Buffer[];
    try {
      names = await fs.readdir(full, { encoding: "buffer" });
    } catch (err) {
      this.record(display, err);
      return ready(null);
    }
    const parent = await this.loadParentTree(old?.type === "dir" ? old.subtree : undefined);
    const children: Pending[] = [];
    for (const name of names) {
      const child = Buffer.concat([full, Buffer.from("/"), name]);
      children.push((await this.visit(child, name, parent.get(name.toString("latin1")))).done);
    }
    return { done: this.finishDir(node, children, old) };
  }

  async finishDir(node: Node, children: Pending[], old: Node | undefined): Promise<Node> {
    const nodes = (await Promise.all(children)).filter((n): n is Node => n !== null);
    node.subtree = await this.saveTree(nodes);
    if (!old) this.stats.dirsNew++;
    else if (old.subtree === node.subtree) this.stats.dirsUnmodified++;
    else this.stats.dirsChanged++;
    return node;
  }
}

/** The components under which restic files a target: absolute paths in full, relative ones as given. */
export function targetComponents(target: string): string[] {
  const normal = path.normalize(target);
  return normal.split("/").filter((c) => c !== "" && c !== "." && c !== "..");
}

interface VirtualDir {
  real: string;
  children: Map<string, VirtualDir | { target: string }>;
}

/** Builds the snapshot's root tree from its targets, intermediate folders carrying real metadata. */
export async function archiveTargets(archiver: Archiver, targets: string[], parentRoot: string | undefined): Promise<string> {
  const root: VirtualDir = { real: "/", children: new Map() };
  for (const target of targets) {
    const comps = targetComponents(target);
    if (comps.length === 0) throw new EngineError("invalid_argument", `cannot back up "${target}": it names no file`);
    let dir = root;
    const abs = path.resolve(target);
    const realPrefix = abs.split("/").slice(0, abs.split("/").length - comps.length);
    comps.forEach((c, i) => {
      const real = [...realPrefix, ...comps.slice(0, i + 1)].join("/") || "/";
      if (i === comps.length - 1) {
        dir.children.set(c, { target: real });
        return;
      }
      let next = dir.children.get(c);
      if (!next || !("children" in next)) {
        next = { real, children: new Map() };
        dir.children.set(c, next);
      }
      dir = next as VirtualDir;
    });
  }
  const node = await archiveVirtual(archiver, root, parentRoot);
  return node;
}

async function archiveVirtual(archiver: Archiver, dir: VirtualDir, parentTree: string | undefined): Promise<string> {
  const parent = await archiver.loadParentTree(parentTree);
  const children: Pending[] = [];
  for (const [name, child] of dir.children) {
    const old = parent.get(Buffer.from(name).toString("latin1"));
    if ("target" in child) {
      children.push((await archiver.visit(Buffer.from(child.target), Buffer.from(name), old)).done);
      continue;
    }
    const node = await nodeFromLstat(child.real, name);
    const subtree = await archiveVirtual(archiver, child, old?.type === "dir" ? old.subtree : undefined);
    children.push(Promise.resolve({ ...node, subtree }));
  }
  const nodes = (await Promise.all(children)).filter((n): n is Node => n !== null);
  return archiver.saveTree(nodes);
}
