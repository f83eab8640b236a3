// File metadata helpers shared by the restore's main thread and its write workers' jobs.
import { type Node, unixPermissions } from "../node";
import { gidFor, uidFor } from "../user-names";

export const isRoot = process.getuid?.() === 0;

/**
 * A time for futimes/lutimes, which take seconds as a double. libuv keeps only whole
 * microseconds of it (uv__fs_to_timespec truncates), so no Node call can set the nanoseconds
 * below a microsecond, for files and folders alike (restic's Go can; a native addon would be
 * needed). The half microsecond added keeps the double's rounding error (~0.24 µs today) from
 * truncating to the microsecond below: every time lands on its exact microsecond.
 */
export function timeArg(ns: bigint): number {
  const seconds = ns / 1_000_000_000n;
  const micros = (ns % 1_000_000_000n) / 1000n;
  return Number(seconds) + (Number(micros) + 0.5) / 1e6;
}

/** The owner and permissions a new file gets from open(): calls that would set them again are skipped. */
export const processUid = process.getuid?.() ?? -1;
export const processGid = process.getgid?.() ?? -1;
const umask = process.umask();

/** The mode to create a file with: its final permissions when open() can set them exactly. */
export function createMode(node: Node): number {
  const perm = unixPermissions(node);
  return (perm & 0o7000) === 0 && (perm & umask) === 0 ? perm : 0o600;
}

/** The owner to give an entry (names win over numbers, as in restic); none unless running as root. */
export async function ownerFor(node: Node): Promise<{ uid: number; gid: number } | undefined> {
  if (!isRoot) return undefined;
  const uid = (node.user ? await uidFor(node.user) : undefined) ?? node.uid;
  const gid = (node.group ? await gidFor(node.group) : undefined) ?? node.gid;
  return { uid, gid };
}
