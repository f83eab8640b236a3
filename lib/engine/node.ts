// A filesystem entry as restic records it in a tree (RESTIC-FORMAT.md §11), read from lstat.
import { isUtf8 } from "node:buffer";
import fsSync, { type BigIntStats } from "node:fs";
import fs from "node:fs/promises";
import { formatGoTimeNs } from "./time";
import { groupName, groupNameSync, userName, userNameSync } from "./user-names";

export type NodeType = "file" | "dir" | "symlink" | "dev" | "chardev" | "fifo" | "socket" | "irregular";

export interface Node {
  /** The name as text; when the raw name is not valid UTF-8, `nameRaw` holds the real bytes. */
  name: string;
  nameRaw?: Buffer;
  type: NodeType;
  mode?: number;
  mtime: string;
  atime: string;
  ctime: string;
  uid: number;
  gid: number;
  user?: string;
  group?: string;
  inode?: bigint;
  deviceId?: bigint;
  size?: bigint;
  links?: bigint;
  linktarget?: string;
  linktargetRaw?: Buffer;
  extendedAttributes?: { name: string; value: Buffer }[];
  device?: bigint;
  content: string[] | null;
  subtree?: string;
  error?: string;
}

// Go os.FileMode bits (RESTIC-FORMAT.md §11).
export const MODE_DIR = 2 ** 31;
export const MODE_SYMLINK = 2 ** 27;
export const MODE_DEVICE = 2 ** 26;
export const MODE_NAMED_PIPE = 2 ** 25;
export const MODE_SOCKET = 2 ** 24;
export const MODE_SETUID = 2 ** 23;
export const MODE_SETGID = 2 ** 22;
export const MODE_CHAR_DEVICE = 2 ** 21;
export const MODE_STICKY = 2 ** 20;
export const MODE_IRREGULAR = 2 ** 19;

const S_IFMT = 0o170000;
// st_mode's S_IFMT values, in octal as in <sys/stat.h>.
const TYPES = new Map<number, NodeType>([
  [0o100000, "file"],
  [0o040000, "dir"],
  [0o120000, "symlink"],
  [0o060000, "dev"],
  [0o020000, "chardev"],
  [0o010000, "fifo"],
  [0o140000, "socket"],
]);
const TYPE_BITS: Record<NodeType, number> = {
  file: 0,
  dir: MODE_DIR,
  symlink: MODE_SYMLINK,
  dev: MODE_DEVICE,
  chardev: MODE_DEVICE + MODE_CHAR_DEVICE,
  fifo: MODE_NAMED_PIPE,
  socket: MODE_SOCKET,
  irregular: MODE_IRREGULAR,
};

export function goFileMode(unixMode: number, type: NodeType): number {
  let mode = (unixMode & 0o777) + TYPE_BITS[type];
  if (unixMode & 0o4000) mode += MODE_SETUID;
  if (unixMode & 0o2000) mode += MODE_SETGID;
  if (unixMode & 0o1000) mode += MODE_STICKY;
  return mode;
}

/** The Unix permission bits (including setuid, setgid, sticky) of a node's Go mode. */
export function unixPermissions(node: Pick<Node, "mode">): number {
  const mode = node.mode ?? 0;
  let perm = mode % 0o1000;
  if (Math.floor(mode / MODE_SETUID) % 2) perm |= 0o4000;
  if (Math.floor(mode / MODE_SETGID) % 2) perm |= 0o2000;
  if (Math.floor(mode / MODE_STICKY) % 2) perm |= 0o1000;
  return perm;
}

/** The name the brief's contract uses for unixPermissions. */
export const modeToPermissions = unixPermissions;

/** Strict UTF-8 (no overlong forms, no surrogates): names that are not are kept as raw bytes. */
export function isValidUtf8(bytes: Buffer): boolean {
  return isUtf8(bytes);
}

export function nodeType(st: { mode: number | bigint }): NodeType {
  return TYPES.get(Number(st.mode) & S_IFMT) ?? "irregular";
}

/** Builds a node from lstat results; `linkTarget` is needed for symlinks. */
export function nodeFromStats(
  st: BigIntStats,
  name: Buffer,
  names: { user?: string; group?: string },
  linkTarget?: Buffer,
): Node {
  const type = nodeType(st);
  const mtime = formatGoTimeNs(st.mtimeNs);
  const node: Node = {
    name: name.toString("utf8"),
    type,
    mode: goFileMode(Number(st.mode), type),
    mtime,
    // restic records atime = mtime unless asked for access times.
    atime: mtime,
    ctime: formatGoTimeNs(st.ctimeNs),
    uid: Number(st.uid),
    gid: Number(st.gid),
    user: names.user,
    group: names.group,
    inode: st.ino,
    deviceId: st.dev,
    content: null,
  };
  if (!isValidUtf8(name)) node.nameRaw = name;
  if (type === "file") {
    node.size = st.size;
    node.links = st.nlink;
    node.content = [];
  } else if (type === "symlink") {
    const target = linkTarget ?? Buffer.alloc(0);
    node.linktarget = target.toString("utf8");
    if (!isValidUtf8(target)) node.linktargetRaw = target;
    node.links = st.nlink;
  } else if (type === "dev" || type === "chardev") {
    node.device = st.rdev;
    node.links = st.nlink;
  }
  return node;
}

/** Builds the node for `path` (not following symlinks); content and subtree come later. */
export async function nodeFromLstat(path: string | Buffer, name: Buffer | string): Promise<Node> {
  const st = await fs.lstat(path, { bigint: true });
  const nameBytes = typeof name === "string" ? Buffer.from(name) : name;
  const names = { user: await userName(Number(st.uid)), group: await groupName(Number(st.gid)) };
  const target = nodeType(st) === "symlink" ? await fs.readlink(path, { encoding: "buffer" }) : undefined;
  return nodeFromStats(st, nameBytes, names, target);
}

/** The same, synchronously: for worker threads, where blocking is the point. */
export function nodeFromLstatSync(path: Buffer, name: Buffer): Node {
  const st = fsSync.lstatSync(path, { bigint: true });
  const names = { user: userNameSync(Number(st.uid)), group: groupNameSync(Number(st.gid)) };
  const target = nodeType(st) === "symlink" ? fsSync.readlinkSync(path, { encoding: "buffer" }) : undefined;
  return nodeFromStats(st, name, names, target);
}

/** The node's name as bytes, the form used for sorting and for paths on disk. */
export function nameBytes(node: Pick<Node, "name" | "nameRaw">): Buffer {
  return node.nameRaw ?? Buffer.from(node.name, "utf8");
}
