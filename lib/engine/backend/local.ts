// A repository in a local folder, written the way restic's local backend writes: a temporary
// file beside the target, fsync, rename, fsync of the directory, then read-only.
import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { EngineError } from "../errors";
import {
  type Backend,
  FILE_TYPES,
  type FileInfo,
  type FileType,
  layoutPath,
  type PartialFile,
} from "./backend";

/** Pack files read at once stay open: restores and checks read many blobs from each. */
const OPEN_READ_HANDLES = 32;
/** An idle handle is closed after this long, so nothing is left for the garbage collector. */
const IDLE_CLOSE_MS = 5000;

interface CachedHandle {
  handle: Promise<fs.FileHandle>;
  timer: NodeJS.Timeout;
}

function closeLater(entry: CachedHandle, delayMs: number): void {
  clearTimeout(entry.timer);
  entry.timer = setTimeout(() => entry.handle.then((h) => h.close()).catch(() => undefined), delayMs);
  entry.timer.unref();
}

export class LocalBackend implements Backend {
  private readonly handles = new Map<string, CachedHandle>();

  constructor(readonly root: string) {}

  /** An open handle for ranged reads, from a small LRU cache (files never change once written). */
  private handleFor(file: string): Promise<fs.FileHandle> {
    let entry = this.handles.get(file);
    if (entry) this.handles.delete(file);
    else {
      const handle = fs.open(file, constants.O_RDONLY);
      entry = { handle, timer: setTimeout(() => undefined, 0) };
      handle.catch(() => this.handles.delete(file));
    }
    this.handles.set(file, entry);
    const current = entry;
    clearTimeout(current.timer);
    current.timer = setTimeout(() => {
      if (this.handles.get(file) === current) this.handles.delete(file);
      current.handle.then((h) => h.close()).catch(() => undefined);
    }, IDLE_CLOSE_MS);
    current.timer.unref();
    while (this.handles.size > OPEN_READ_HANDLES) {
      const [oldest, old] = this.handles.entries().next().value as [string, CachedHandle];
      this.handles.delete(oldest);
      // Give reads already under way on it a moment before closing.
      closeLater(old, 1000);
    }
    return entry.handle;
  }

  location(): string {
    return this.root;
  }

  private pathOf(type: FileType, name: string): string {
    return path.join(this.root, layoutPath(type, name));
  }

  async create(): Promise<void> {
    if (await this.stat("config", "")) {
      throw new EngineError("already_exists", `a repository already exists at ${this.root}`);
    }
    await fs.mkdir(this.root, { recursive: true, mode: 0o700 });
    for (const type of FILE_TYPES) {
      if (type !== "config") await fs.mkdir(path.join(this.root, type), { recursive: true, mode: 0o700 });
    }
    for (let i = 0; i < 256; i++) {
      await fs.mkdir(path.join(this.root, "data", i.toString(16).padStart(2, "0")), {
        recursive: true,
        mode: 0o700,
      });
    }
  }

  async *list(type: FileType): AsyncIterable<FileInfo> {
    if (type === "config") {
      const st = await this.stat("config", "");
      if (st) yield { name: "config", size: st.size };
      return;
    }
    const dirs =
      type === "data"
        ? (await readdirOrEmpty(path.join(this.root, "data")))
            .filter((d) => /^[0-9a-f]{2}$/.test(d)) // partial packs sit beside the folders
            .map((d) => path.join(this.root, "data", d))
        : [path.join(this.root, type)];
    // data/ has 256 folders: listing and stat-ing them one call at a time was a chain of
    // cold-disk waits (most of a small prune's time); several folders go at once, in order.
    const pending = dirs.slice(0, LIST_AHEAD).map(listFolder);
    for (let i = 0; i < dirs.length; i++) {
      const files = await pending[i];
      if (pending.length < dirs.length) pending.push(listFolder(dirs[pending.length]));
      yield* files;
    }
  }

  async read(type: FileType, name: string, range?: { offset: number; length: number }): Promise<Buffer> {
    const file = this.pathOf(type, name);
    const cacheable = range !== undefined && type === "data";
    let handle: fs.FileHandle;
    try {
      handle = await (cacheable ? this.handleFor(file) : fs.open(file, constants.O_RDONLY));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        throw new EngineError("not_found", `${layoutPath(type, name)} does not exist in ${this.root}`);
      }
      throw err;
    }
    try {
      if (!range) return await handle.readFile();
      const buf = Buffer.allocUnsafe(range.length);
      let done = 0;
      while (done < range.length) {
        const { bytesRead } = await handle.read(buf, done, range.length - done, range.offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      if (done !== range.length) {
        throw new EngineError(
          "corrupt",
          `${layoutPath(type, name)}: wanted ${range.length} bytes at offset ${range.offset}, file ended after ${done}`,
        );
      }
      return buf;
    } finally {
      if (!cacheable) await handle.close();
    }
  }

  write(type: FileType, name: string, bytes: Buffer): Promise<void> {
    return this.writeParts(type, name, [bytes]);
  }

  async writeParts(type: FileType, name: string, parts: Buffer[]): Promise<void> {
    const file = this.pathOf(type, name);
    if (type !== "config" && type !== "locks" && (await this.stat(type, name))) {
      return; // content-addressed: a file with this name already holds these bytes
    }
    await this.writeNew(file, parts).catch((err) => {
      throw naming(err, file, this.root);
    });
  }

  private async writeNew(file: string, parts: Buffer[]): Promise<void> {
    const dir = path.dirname(file);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}-tmp-${tmpTag()}`;
    const handle = await fs.open(tmp, "wx", 0o600);
    try {
      await writeAll(handle, parts);
      await handle.sync();
    } catch (err) {
      await handle.close();
      await fs.rm(tmp, { force: true });
      throw err;
    }
    await handle.close();
    await fs.rename(tmp, file);
    await syncDir(dir);
    await fs.chmod(file, 0o400);
  }

  /**
   * The temporary file lives in the type's top folder (data/, not data/ab/: the name is not
   * known yet) with "-tmp-" in its name; list() skips it, and restic ignores it, so one left by
   * a killed process does no harm.
   */
  async createPartial(type: FileType): Promise<PartialFile> {
    const tmp = path.join(this.partialDir(type), `${PARTIAL_PREFIX}${tmpTag()}-tmp-`);
    const fail = (err: unknown): never => {
      throw naming(err, tmp, this.root);
    };
    const handle = await fs.open(tmp, "wx", 0o600).catch(fail);
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await handle.close();
    };
    const commit = async (name: string) => {
      try {
        await handle.sync();
      } catch (err) {
        await close().catch(() => undefined);
        await fs.rm(tmp, { force: true });
        throw err;
      }
      await close();
      const file = this.pathOf(type, name);
      if (type !== "config" && type !== "locks" && (await this.stat(type, name))) {
        await fs.rm(tmp, { force: true }); // content-addressed: it already holds these bytes
        return;
      }
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await fs.rename(tmp, file);
      await syncDir(path.dirname(file));
      await fs.chmod(file, 0o400);
    };
    return {
      append: (parts) => writeAll(handle, parts).catch(fail),
      commit: (name) => commit(name).catch(fail),
      abort: async () => {
        await close().catch(() => undefined);
        await fs.rm(tmp, { force: true });
      },
    };
  }

  private partialDir(type: FileType): string {
    return path.join(this.root, type === "config" ? "" : type);
  }

  async removePartials(type: FileType): Promise<number> {
    const dir = this.partialDir(type);
    const names = (await readdirOrEmpty(dir)).filter(
      (n) => n.startsWith(PARTIAL_PREFIX) && n.endsWith("-tmp-"),
    );
    for (const name of names) await fs.rm(path.join(dir, name), { force: true });
    return names.length;
  }

  /**
   * Removes temporary files (unfinished packs, files killed before their rename) left by
   * processes of this host that no longer run; returns how many. Others' are left alone: a
   * process elsewhere, or one still running here, may be writing them.
   */
  async removeStaleTemporaries(): Promise<number> {
    let removed = 0;
    for (const dir of ["", ...FILE_TYPES.filter((t) => t !== "config")]) {
      const folder = path.join(this.root, dir);
      for (const name of await readdirOrEmpty(folder)) {
        const owner = TMP_OWNER.exec(name);
        if (!owner || owner[1] !== HOST_TAG || pidAlive(Number(owner[2]))) continue;
        await fs.rm(path.join(folder, name), { force: true });
        removed++;
      }
    }
    return removed;
  }

  async remove(type: FileType, name: string): Promise<void> {
    const file = this.pathOf(type, name);
    const cached = this.handles.get(file);
    this.handles.delete(file);
    if (cached) {
      clearTimeout(cached.timer);
      await cached.handle.then((h) => h.close()).catch(() => undefined);
    }
    await fs.rm(file, { force: true });
  }

  async stat(type: FileType, name: string): Promise<{ size: number } | null> {
    const st = await fs.stat(this.pathOf(type, name)).catch(() => null);
    return st?.isFile() ? { size: st.size } : null;
  }
}

/**
 * A write failure that names the file and the repository (Node's "ENOSPC: no space left on
 * device, write" names neither); code and errno stay, for callers that map them.
 */
function naming(err: unknown, file: string, root: string): Error {
  const e = err as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof e.code !== "string") return err as Error;
  const named = Object.assign(new Error(`${e.message} (file ${file}, repository ${root})`, { cause: err }), {
    code: e.code,
    errno: e.errno,
    syscall: e.syscall,
    path: file,
  });
  return named;
}

/** One writev for all parts (a pack's blobs), continuing after a partial write. */
async function writeAll(handle: fs.FileHandle, parts: Buffer[]): Promise<void> {
  const pending = parts.filter((p) => p.length > 0);
  while (pending.length) {
    let { bytesWritten } = await handle.writev(pending);
    while (pending.length && bytesWritten >= pending[0].length)
      bytesWritten -= (pending.shift() as Buffer).length;
    if (bytesWritten > 0) pending[0] = pending[0].subarray(bytesWritten);
  }
}

/**
 * Temporary names carry this host (a hash of its name) and the writer's PID, so a later process
 * can tell which ones a dead process of this host left: `partial-<host>-<pid>-<random>-tmp-`
 * and `<name>-tmp-<host>-<pid>-<random>`.
 */
const HOST_TAG = createHash("sha256").update(os.hostname()).digest("hex").slice(0, 8);
const TMP_OWNER = /(?:^partial-|-tmp-)([0-9a-f]{8})-(\d+)-[0-9a-f]{12}(?:-tmp-)?$/;

function tmpTag(): string {
  return `${HOST_TAG}-${process.pid}-${randomBytes(6).toString("hex")}`;
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Names of files createPartial() writes, in the type's top folder, ending in "-tmp-". */
const PARTIAL_PREFIX = "partial-";

/** Folders listed at once by list(). */
const LIST_AHEAD = 16;

/** The complete files in one folder, with their sizes (the stat calls run together). */
function listFolder(dir: string): Promise<FileInfo[]> {
  const files = (async () => {
    const names = (await readdirOrEmpty(dir)).filter((name) => !name.includes("-tmp-"));
    const stats = await Promise.all(names.map((name) => fs.stat(path.join(dir, name)).catch(() => null)));
    return names.flatMap((name, i) => (stats[i]?.isFile() ? [{ name, size: stats[i].size }] : []));
  })();
  files.catch(() => undefined); // rethrown where list() awaits it, in order
  return files;
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
