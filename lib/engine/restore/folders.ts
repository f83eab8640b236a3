// Folders of a restore, held by descriptor. Node has no openat(), but on Linux the magic link
// /proc/<pid>/fd/<n> leads to the very folder a descriptor holds, whatever has since happened to
// its path: a name joined to it is resolved in that folder, and only the name itself is looked
// up (with O_NOFOLLOW where it is opened). So every path the restore uses is a folder it opened
// (each one with O_DIRECTORY|O_NOFOLLOW, from the target down) plus one name, and no path is
// ever resolved through a link, whether the restore made it or found it. The pid form (not
// /proc/self) works in write workers (one fd table per process) and in mkfifo/mknod children.
// A folder's owner, permissions and times are set on its descriptor once the last entry inside
// it is done (children first, so writing into it no longer changes what was set), then it closes.
import fsCb, { constants } from "node:fs";
import fs from "node:fs/promises";
import { promisify } from "node:util";
import { EngineError } from "../errors";
import { type Node, unixPermissions } from "../node";
import { parseGoTimeNs } from "../time";
import { ownerFor, timeArg } from "./metadata";

const open = promisify(fsCb.open);
const close = promisify(fsCb.close);
const fchown = promisify(fsCb.fchown);
const fchmod = promisify(fsCb.fchmod);
const futimes = promisify(fsCb.futimes);

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
const PROC_FD = `/proc/${process.pid}/fd`;
/** Without /proc (not Linux) folders are named by path: safe against the restore's own entries only. */
const procFd = fsCb.existsSync(PROC_FD);

export interface Folder {
  fd: number;
  /** What a name is joined to: `/proc/<pid>/fd/<fd>/`. */
  prefix: Buffer;
  /** The walk of its tree, each entry in flight, each subfolder and each hard-link source inside. */
  refs: number;
  parent?: Folder;
  /** The snapshot's folder whose metadata it gets when done; none for folders passed through. */
  node?: Node;
  display: string;
}

export class Folders {
  private readonly open = new Set<Folder>();
  onError: (display: string, err: Error) => void = () => {};

  /** The target itself (created if missing): the one path that may lead through links, as the user gave it. */
  async openTarget(target: string): Promise<Folder> {
    await fs.mkdir(target, { recursive: true });
    const real = await fs.realpath(target);
    return this.track(await open(real, DIR_FLAGS), Buffer.from(real), undefined, "/");
  }

  /**
   * Creates (or, when it is already a real folder, reuses) the folder `name` inside `parent`. A
   * link or file in its place is refused, or with `overwrite` removed (unlink never follows).
   */
  async enter(parent: Folder, name: Buffer, display: string, overwrite: boolean): Promise<Folder> {
    const where = childPath(parent, name);
    let fd = await createAndOpen(where);
    if (fd === undefined && overwrite) {
      await fs.unlink(where);
      fd = await createAndOpen(where);
    }
    if (fd === undefined)
      throw new EngineError("corrupt", `${display} exists in the target and is not a folder`);
    parent.refs++;
    return this.track(fd, where, parent, display);
  }

  private track(fd: number, where: Buffer, parent: Folder | undefined, display: string): Folder {
    const prefix = procFd ? Buffer.from(`${PROC_FD}/${fd}/`) : Buffer.concat([where, Buffer.from("/")]);
    const folder: Folder = { fd, prefix, refs: 1, parent, display };
    this.open.add(folder);
    return folder;
  }

  /** Drops one reference; the last one sets the folder's metadata, closes it and releases its parent. */
  async release(folder: Folder): Promise<void> {
    if (--folder.refs > 0) return;
    this.open.delete(folder);
    try {
      if (folder.node) await setFolderMetadata(folder.fd, folder.node);
    } catch (err) {
      this.onError(folder.display, err as Error);
    } finally {
      await close(folder.fd);
    }
    if (folder.parent) await this.release(folder.parent);
  }

  /** After a failure: closes whatever is still open, setting nothing. */
  async closeAll(): Promise<void> {
    const left = [...this.open];
    this.open.clear();
    await Promise.allSettled(left.map((f) => close(f.fd)));
  }
}

export function childPath(folder: Folder, name: Buffer): Buffer {
  return Buffer.concat([folder.prefix, name]);
}

/** mkdir, then open without following: undefined when what is there is not a folder. */
async function createAndOpen(where: Buffer): Promise<number | undefined> {
  await fs.mkdir(where).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "EEXIST") throw err;
  });
  return open(where, DIR_FLAGS).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOTDIR" || err.code === "ELOOP") return undefined;
    throw err;
  });
}

async function setFolderMetadata(fd: number, node: Node): Promise<void> {
  const owner = await ownerFor(node);
  if (owner) await fchown(fd, owner.uid, owner.gid).catch(() => undefined);
  // After chown, which clears setuid and setgid bits.
  await fchmod(fd, unixPermissions(node));
  await futimes(fd, timeArg(parseGoTimeNs(node.atime)), timeArg(parseGoTimeNs(node.mtime)));
}
