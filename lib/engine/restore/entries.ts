// One folder's entries, checked before anything is written, and the entries that are not
// regular files (links, fifos, devices), each made by name inside a folder held by descriptor.
import { execFile } from "node:child_process";
import fsCb, { constants } from "node:fs";
import fs from "node:fs/promises";
import { promisify } from "node:util";
import { type Node, nameBytes, unixPermissions } from "../node";
import { parseGoTimeNs } from "../time";
import { ownerFor, timeArg } from "./metadata";

const run = promisify(execFile);
const open = promisify(fsCb.open);
const close = promisify(fsCb.close);
const fchown = promisify(fsCb.fchown);
const fchmod = promisify(fsCb.fchmod);
const futimes = promisify(fsCb.futimes);

export interface TreeEntry {
  node: Node;
  name: Buffer;
  /** Its path in the snapshot, for messages and --include. */
  display: string;
}

export interface Refusal {
  path: string;
  message: string;
}

function displayOf(at: string, node: Node): string {
  return `${at === "/" ? "" : at}/${node.name}`;
}

/** A name that could step out of its folder, or that is not a name at all. */
function climbs(name: Buffer): boolean {
  return (
    name.length === 0 ||
    name.equals(Buffer.from(".")) ||
    name.equals(Buffer.from("..")) ||
    name.includes(0x2f) ||
    name.includes(0)
  );
}

/**
 * A tree's entries that can be restored, decided before any of them is written. Names that
 * climb are refused. A name that appears twice (restic's writer refuses that; only damage or a
 * crafted tree holds one) is refused every time it appears: restoring one of them would be a
 * guess, and two entries sharing a path is how one replaced the other's folder with a link.
 */
export function checkedEntries(nodes: Node[], at: string, refuse: (r: Refusal) => void): TreeEntry[] {
  const counts = new Map<string, number>();
  const named = nodes.map((node) => {
    const name = nameBytes(node);
    const key = name.toString("latin1");
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return { node, name, key, display: displayOf(at, node) };
  });
  const entries: TreeEntry[] = [];
  for (const e of named) {
    if (climbs(e.name)) {
      refuse({
        path: e.display,
        message: `refusing to restore an entry named ${JSON.stringify(e.node.name)}: it could escape the target`,
      });
    } else if ((counts.get(e.key) ?? 0) > 1) {
      refuse({
        path: e.display,
        message: `the snapshot's folder holds ${counts.get(e.key)} entries named ${JSON.stringify(e.node.name)}: none is restored (a damaged or crafted tree)`,
      });
    } else {
      entries.push({ node: e.node, name: e.name, display: e.display });
    }
  }
  return entries;
}

/** Removes what is at `dest` unless it is a folder (unlink never follows a link). */
export async function unlinkIfThere(dest: Buffer): Promise<void> {
  await fs.unlink(dest).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "ENOENT") throw err;
  });
}

export async function restoreSymlink(dest: Buffer, node: Node, overwrite: boolean): Promise<void> {
  if (overwrite) await unlinkIfThere(dest);
  await fs.symlink(node.linktargetRaw ?? Buffer.from(node.linktarget ?? ""), dest);
  // lchown and lutimes act on the link itself; a link has no permissions of its own.
  const owner = await ownerFor(node);
  if (owner) await fs.lchown(dest, owner.uid, owner.gid).catch(() => undefined);
  await fs.lutimes(dest, timeArg(parseGoTimeNs(node.atime)), timeArg(parseGoTimeNs(node.mtime)));
}

function majorMinor(dev: bigint): [bigint, bigint] {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return [major, minor];
}

/**
 * A fifo or device node, made by mkfifo/mknod (Node has neither call). Its metadata is set on a
 * descriptor where opening it has no effect (a fifo, non-blocking); opening a device can (a tape
 * rewinds), so a device's is set by its name after checking that the name is still that device.
 */
export async function restoreSpecial(dest: Buffer, node: Node, overwrite: boolean): Promise<void> {
  if (overwrite) await unlinkIfThere(dest);
  const where = dest.toString();
  if (node.type === "fifo") {
    await run("mkfifo", [where]);
    const fd = await open(dest, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    try {
      const owner = await ownerFor(node);
      if (owner) await fchown(fd, owner.uid, owner.gid).catch(() => undefined);
      await fchmod(fd, unixPermissions(node));
      await futimes(fd, timeArg(parseGoTimeNs(node.atime)), timeArg(parseGoTimeNs(node.mtime)));
    } finally {
      await close(fd);
    }
    return;
  }
  const [major, minor] = majorMinor(node.device ?? 0n);
  await run("mknod", [where, node.type === "dev" ? "b" : "c", String(major), String(minor)]);
  const st = await fs.lstat(dest);
  if (!(node.type === "dev" ? st.isBlockDevice() : st.isCharacterDevice()))
    throw new Error("replaced while being restored");
  const owner = await ownerFor(node);
  if (owner) await fs.lchown(dest, owner.uid, owner.gid).catch(() => undefined);
  await fs.chmod(dest, unixPermissions(node));
  await fs.lutimes(dest, timeArg(parseGoTimeNs(node.atime)), timeArg(parseGoTimeNs(node.mtime)));
}
