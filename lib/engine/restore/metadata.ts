// File metadata helpers shared by the restore's main thread and its write workers' jobs.
import { type Node, unixPermissions } from "../node";

export const isRoot = process.getuid?.() === 0;

export function nsToSeconds(ns: bigint): number {
  // utimes takes seconds as a double: exact to about a quarter of a microsecond today.
  return Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
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
