// Walks the backup targets, reuses unchanged files from the parent snapshot, sends the rest
// through the file pool, and writes one tree blob per directory once its children are done.
import type { Dirent } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { EngineError, throwIfAborted } from "../errors";
import { type Node, nameBytes, nodeFromLstat, nodeFromLstatSync } from "../node";
import type { Repository } from "../repository";
import { parseTree, serializeTree } from "../tree";
import type { FilePool } from "./file-pool";
import { unchanged } from "./prefetch";
import type { ParentFacts, PreviousChunks } from "./protocol";

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
  /** Called before anything is read; `kind` says whether the path is a folder. */
  exclude?: (absolutePath: string, kind: "dir" | "file") => boolean;
  onFileDone?: (size: number) => void;
  onBytesSkipped?: (n: number) => void;
  onPath?: (path: string) => void;
}

type Pending = Promise<Node | null>;
const SLASH = Buffer.from("/");
/** Folders whose listing and parent tree are loaded ahead of the walk, per folder being walked. */
const DIRS_AHEAD = 8;

interface DirListing {
  entries: Dirent<Buffer>[];
  parent: Map<string, Node>;
}

interface DirAhead {
  node: Promise<Node>;
  listing: Promise<DirListing>;
}
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

  private record(p: Buffer | string, err: unknown) {
    const path = typeof p === "string" ? p : p.toString("utf8");
    this.errors.push({ path, message: (err as Error).message ?? String(err) });
  }

  private parentFacts(old: Node | undefined): ParentFacts | undefined {
    if (old?.type !== "file" || !old.content) return undefined;
    return {
      size: old.size ?? 0n,
      mtime: old.mtime,
      ctime: old.ctime,
      inode: old.inode ?? 0n,
    };
  }

  /**
   * A non-folder entry: settled here if the parent has it unchanged, otherwise handed to the
   * file workers, which lstat it and read it if needed.
   */
  private async visitFile(
    full: Buffer,
    name: Buffer,
    old: Node | undefined,
    forceRead = false,
  ): Promise<Scanned> {
    throwIfAborted(this.hooks.signal);
    // The path as text only for hooks that want it: made for every file, it was ~5% of a
    // backup walk's garbage.
    if (this.hooks.exclude?.(full.toString("utf8"), "file")) return ready(null);
    this.hooks.onPath?.(full.toString("utf8"));
    const facts = forceRead ? undefined : this.parentFacts(old);
    if (facts) {
      const same = this.unchangedHere(full, name, old, facts);
      if (same !== undefined) return ready(same);
    }
    const { result } = await this.pool.submit(full, name, facts, facts && this.previousChunks(old));
    const done = result.then(async (r): Promise<Node | null> => {
      if (r.status === "error" || !r.node) {
        this.record(full, new Error(r.error ?? "unreadable"));
        return null;
      }
      const node = r.node;
      if (r.status === "other") return node;
      // Workers are not sent the parent's blob list (most of the message for unchanged files).
      if (r.status === "unmodified") node.content = old?.content ?? [];
      // An unchanged file is reused only if the repository still has all its blobs.
      if (r.status === "unmodified" && !node.content?.every((id) => this.repo.hasBlob("data", id))) {
        return (await this.visitFile(full, name, old, true)).done;
      }
      this.countFile(node, r.status);
      return node;
    });
    return { done };
  }

  /** The parent's chunks of a file with their sizes, or nothing if the index lacks one of them. */
  private previousChunks(old: Node | undefined): PreviousChunks | undefined {
    const ids = old?.content;
    if (!ids?.length) return undefined;
    const sizes: number[] = [];
    for (const id of ids) {
      const size = this.repo.plainSize("data", id);
      if (size === undefined) return undefined;
      sizes.push(size);
    }
    return { ids, sizes };
  }

  /**
   * A file the parent snapshot has is looked at here, with one lstat: if it is unchanged (and
   * the repository still has its blobs) its node is done without a worker. Sending each such
   * file to a worker and back cost more than the lstat, and most files of an incremental backup
   * are unchanged. Returns undefined when the file needs a worker after all; null when it is gone.
   */
  private unchangedHere(
    full: Buffer,
    name: Buffer,
    old: Node | undefined,
    facts: ParentFacts,
  ): Node | null | undefined {
    let node: Node;
    try {
      node = nodeFromLstatSync(full, name);
    } catch (err) {
      this.record(full, err);
      return null;
    }
    if (node.type !== "file" || !unchanged(node, facts)) return undefined;
    node.content = old?.content ?? [];
    if (!node.content.every((id) => this.repo.hasBlob("data", id))) return undefined;
    this.countFile(node, "unmodified");
    return node;
  }

  private countFile(node: Node, status: "new" | "changed" | "unmodified") {
    const size = Number(node.size ?? 0n);
    this.stats.totalFilesProcessed++;
    this.stats.totalBytesProcessed += size;
    if (status === "unmodified") {
      this.stats.filesUnmodified++;
      this.hooks.onBytesSkipped?.(size);
    } else if (status === "changed") this.stats.filesChanged++;
    else this.stats.filesNew++;
    this.hooks.onFileDone?.(size);
  }

  /** Lists a folder and loads its parent tree, at once. */
  private async listDir(full: Buffer, old: Node | undefined): Promise<DirListing> {
    const [entries, parent] = await Promise.all([
      fs.readdir(full, { encoding: "buffer", withFileTypes: true }),
      this.loadParentTree(old?.type === "dir" ? old.subtree : undefined),
    ]);
    return { entries, parent };
  }

  /**
   * Starts the lstat, listing and parent tree of a folder the walk will reach soon. Done one
   * folder at a time, those waits (cold disk, a pack read for the tree) added up on the walk's
   * path while the workers ran out of files.
   */
  private lookAhead(full: Buffer, name: Buffer, old: Node | undefined): DirAhead {
    const ahead = { node: nodeFromLstat(full, name), listing: this.listDir(full, old) };
    ahead.node.catch(() => undefined); // awaited by visit(), if the walk gets there
    ahead.listing.catch(() => undefined);
    return ahead;
  }

  /**
   * Builds the node for one path. Resolves the outer promise once the path is scanned (so the
   * caller can move on), the inner one once its content or subtree is stored.
   */
  async visit(full: Buffer, name: Buffer, old: Node | undefined, ahead?: DirAhead): Promise<Scanned> {
    const display = full.toString("utf8");
    throwIfAborted(this.hooks.signal);
    let node: Node;
    try {
      node = await (ahead?.node ?? nodeFromLstat(full, name));
    } catch (err) {
      this.record(display, err);
      return ready(null);
    }
    if (node.type !== "dir") return this.visitFile(full, name, old);
    if (this.hooks.exclude?.(display, "dir")) return ready(null);
    this.hooks.onPath?.(display);
    return this.visitDir(full, node, old, ahead?.listing);
  }

  private async visitDir(
    full: Buffer,
    node: Node,
    old: Node | undefined,
    listing?: Promise<DirListing>,
  ): Promise<Scanned> {
    const display = full.toString("utf8");
    let entries: Dirent<Buffer>[];
    let parent: Map<string, Node>;
    try {
      ({ entries, parent } = await (listing ?? this.listDir(full, old)));
    } catch (err) {
      this.record(display, err);
      return ready(null);
    }
    const childPath = (name: Buffer) => Buffer.concat([full, SLASH, name]);
    const dirs = entries.filter((e) => e.isDirectory());
    const aheads = new Map<Dirent<Buffer>, DirAhead>();
    let started = 0;
    let dirsSeen = 0;
    const children: Pending[] = [];
    for (const entry of entries) {
      const name = entry.name;
      const child = childPath(name);
      const previous = parent.get(name.toString("latin1"));
      let scanned: Scanned;
      if (entry.isDirectory()) {
        for (; started < dirs.length && started <= dirsSeen + DIRS_AHEAD; started++) {
          const d = dirs[started];
          aheads.set(d, this.lookAhead(childPath(d.name), d.name, parent.get(d.name.toString("latin1"))));
        }
        dirsSeen++;
        scanned = await this.visit(child, name, previous, aheads.get(entry));
        aheads.delete(entry);
      } else {
        scanned = await this.visitFile(child, name, previous);
      }
      children.push(scanned.done);
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
export async function archiveTargets(
  archiver: Archiver,
  targets: string[],
  parentRoot: string | undefined,
): Promise<string> {
  const root: VirtualDir = { real: "/", children: new Map() };
  for (const target of targets) {
    const comps = targetComponents(target);
    if (comps.length === 0)
      throw new EngineError("invalid_argument", `cannot back up "${target}": it names no file`);
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

async function archiveVirtual(
  archiver: Archiver,
  dir: VirtualDir,
  parentTree: string | undefined,
): Promise<string> {
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
