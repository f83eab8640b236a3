// One restore: walks the snapshot's trees depth first in this thread, one folder at a time,
// and hands the entries of each folder out to be written (files to write workers, or written
// here for remote repositories), several at once. Every entry is made by its own name inside a
// folder held by descriptor (folders.ts), and a folder's names were checked to be unique
// before any of them was written (entries.ts), so no entry can take another's place.
import fs from "node:fs/promises";
import { EngineError, throwIfAborted } from "../errors";
import { loadTree } from "../ls";
import type { Node } from "../node";
import type { Repository } from "../repository";
import { checkedEntries, restoreSpecial, restoreSymlink, type TreeEntry, unlinkIfThere } from "./entries";
import { writeFileHere } from "./file-here";
import { childPath, type Folder, Folders } from "./folders";
import { restoreInWorker, type WritePool } from "./write-pool";

export interface RunOptions {
  overwrite: boolean;
  signal?: AbortSignal;
  /** Whether a snapshot path is restored itself / lies on the way to something restored. */
  restores: (display: string) => boolean;
  descends: (display: string) => boolean;
  concurrency: number;
}

export interface RunCounts {
  filesRestored: number;
  dirsRestored: number;
  bytesRestored: number;
  errors: { path: string; message: string }[];
}

interface LinkSource {
  folder: Folder;
  name: Buffer;
}

export class RestoreRun {
  readonly folders = new Folders();
  private readonly active = new Set<Promise<void>>();
  /**
   * Hard-linked files by device and inode: where the first one was restored. Its folder stays
   * held (and open) until the restore ends, so later links name it by descriptor too.
   */
  private readonly hardlinks = new Map<string, Promise<LinkSource>>();
  private readonly pinned: Folder[] = [];
  onFileDone: (display: string) => void = () => {};
  onBytes: (n: number) => void = () => {};

  constructor(
    private readonly repo: Repository,
    private readonly pool: WritePool | undefined,
    private readonly opts: RunOptions,
    private readonly counts: RunCounts,
  ) {
    this.folders.onError = (path, err) => this.counts.errors.push({ path, message: err.message });
  }

  async run(tree: string, target: string): Promise<void> {
    try {
      const root = await this.folders.openTarget(target);
      await this.walk(tree, root);
      await this.drain();
      throwIfAborted(this.opts.signal);
      for (const folder of this.pinned.splice(0)) await this.folders.release(folder);
    } finally {
      await Promise.allSettled(this.active);
      await this.folders.closeAll();
    }
  }

  private async drain(): Promise<void> {
    while (this.active.size) await Promise.all(this.active);
  }

  /** The entries of one folder; the walk's own hold on the folder is released at the end. */
  private async walk(treeId: string, folder: Folder): Promise<void> {
    try {
      const nodes = await loadTree(this.repo, treeId);
      const refuse = (r: { path: string; message: string }) => this.counts.errors.push(r);
      for (const entry of checkedEntries(nodes, folder.display, refuse)) {
        throwIfAborted(this.opts.signal);
        if (!this.opts.descends(entry.display)) continue;
        if (entry.node.type === "dir") await this.walkFolder(folder, entry);
        else if (this.opts.restores(entry.display)) await this.schedule(folder, entry);
      }
    } finally {
      await this.folders.release(folder);
    }
  }

  private async walkFolder(parent: Folder, entry: TreeEntry): Promise<void> {
    let folder: Folder;
    try {
      folder = await this.folders.enter(parent, entry.name, entry.display, this.opts.overwrite);
    } catch (err) {
      this.counts.errors.push({ path: entry.display, message: (err as Error).message });
      return;
    }
    if (this.opts.restores(entry.display)) {
      folder.node = entry.node;
      this.counts.dirsRestored++;
    }
    if (entry.node.subtree) await this.walk(entry.node.subtree, folder);
    else await this.folders.release(folder);
  }

  /** Starts one entry once fewer than `concurrency` are in flight; the folder is held meanwhile. */
  private async schedule(folder: Folder, entry: TreeEntry): Promise<void> {
    while (this.active.size >= this.opts.concurrency) await Promise.race(this.active);
    folder.refs++;
    const p = this.restoreEntry(folder, entry)
      .catch((err: EngineError) => {
        if (err.code === "aborted") throw err;
        this.counts.errors.push({ path: entry.display, message: err.message });
      })
      .finally(() => {
        this.active.delete(p);
        return this.folders.release(folder);
      });
    this.active.add(p);
  }

  private async restoreEntry(folder: Folder, { node, name, display }: TreeEntry): Promise<void> {
    const dest = childPath(folder, name);
    switch (node.type) {
      case "file":
        return this.restoreFile(folder, name, dest, node, display);
      case "symlink":
        return restoreSymlink(dest, node, this.opts.overwrite);
      case "fifo":
      case "dev":
      case "chardev":
        return restoreSpecial(dest, node, this.opts.overwrite);
      default:
        throw new EngineError("invalid_argument", `${node.type} entries are not restored`);
    }
  }

  private async restoreFile(folder: Folder, name: Buffer, dest: Buffer, node: Node, display: string) {
    const linkKey = node.links && node.links > 1n && node.inode ? `${node.deviceId}:${node.inode}` : "";
    const first = linkKey ? this.hardlinks.get(linkKey) : undefined;
    if (first) {
      const source = await first;
      if (this.opts.overwrite) await unlinkIfThere(dest);
      await fs.link(childPath(source.folder, source.name), dest);
      return;
    }
    const written = this.writeFile(dest, node);
    if (linkKey) {
      // Set before the first await: a link to this file may be scheduled right after it.
      folder.refs++;
      this.pinned.push(folder);
      const source = written.then(() => ({ folder, name }));
      this.hardlinks.set(linkKey, source);
      source.catch(() => undefined); // each waiting link reports the failure for itself
    }
    await written;
    this.counts.filesRestored++;
    this.onFileDone(display);
  }

  private writeFile(dest: Buffer, node: Node): Promise<void> {
    if (this.pool) return restoreInWorker(this.pool, dest, node, this.repo, this.opts.overwrite);
    return writeFileHere(this.repo, dest, node, {
      overwrite: this.opts.overwrite,
      signal: this.opts.signal,
      onBytes: (n) => this.onBytes(n),
    });
  }
}
