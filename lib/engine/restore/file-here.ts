// Writes one file in this thread, for repositories whose packs the write workers cannot read
// (S3): blobs through the repository, a few read ahead of the writes.
import fsCb, { constants } from "node:fs";
import { promisify } from "node:util";
import { throwIfAborted } from "../errors";
import { type Node, unixPermissions } from "../node";
import type { Repository } from "../repository";
import { parseGoTimeNs } from "../time";
import { unlinkIfThere } from "./entries";
import { createMode, ownerFor, processGid, processUid, timeArg } from "./metadata";

// Plain file descriptors: the FileHandle API's per-file cost dominated restores of small files.
const fd = {
  open: promisify(fsCb.open),
  write: (file: number, buffer: Buffer) =>
    new Promise<number>((resolve, reject) =>
      fsCb.write(file, buffer, (err, n) => (err ? reject(err) : resolve(n))),
    ),
  close: promisify(fsCb.close),
  fchown: promisify(fsCb.fchown),
  fchmod: promisify(fsCb.fchmod),
  futimes: promisify(fsCb.futimes),
};

/**
 * Owner, permissions and times of a file created with createMode(). Each call is a trip through
 * libuv's thread pool; on many small files, dropping the ones that change nothing matters.
 */
async function applyMetadataToFd(file: number, node: Node): Promise<void> {
  const owner = await ownerFor(node);
  // A new file already belongs to this process (setgid folders aside, which fchown fixes).
  if (owner && (owner.uid !== processUid || owner.gid !== processGid))
    await fd.fchown(file, owner.uid, owner.gid).catch(() => undefined);
  // After chown, which clears setuid and setgid bits.
  const perm = unixPermissions(node);
  if (createMode(node) !== perm) await fd.fchmod(file, perm);
  await fd.futimes(file, timeArg(parseGoTimeNs(node.atime)), timeArg(parseGoTimeNs(node.mtime)));
}

export async function writeFileHere(
  repo: Repository,
  dest: Buffer,
  node: Node,
  opts: { overwrite: boolean; signal?: AbortSignal; onBytes: (n: number) => void },
): Promise<void> {
  if (opts.overwrite) await unlinkIfThere(dest);
  // O_EXCL and O_NOFOLLOW: never write through a symlink, never clobber without being asked.
  const file = await fd.open(
    dest,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    createMode(node),
  );
  try {
    const ids = node.content ?? [];
    const ahead: Promise<Buffer>[] = [];
    let next = 0;
    const fill = () => {
      while (next < ids.length && ahead.length < 4) ahead.push(repo.loadBlob("data", ids[next++]));
    };
    fill();
    while (ahead.length) {
      throwIfAborted(opts.signal);
      const blob = await (ahead.shift() as Promise<Buffer>);
      fill();
      for (let off = 0; off < blob.length; ) off += await fd.write(file, off ? blob.subarray(off) : blob);
      opts.onBytes(blob.length);
    }
    await applyMetadataToFd(file, node);
  } finally {
    await fd.close(file);
  }
}
