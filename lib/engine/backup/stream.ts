// Backs up one byte stream (a database dump, --stdin) as a single file in a snapshot. The
// stream is chunked as it arrives, so nothing is buffered to disk and memory stays bounded.
import os from "node:os";
import type { Readable } from "node:stream";
import { Chunker } from "../chunker";
import { EngineError, throwIfAborted } from "../errors";
import { withLock } from "../lock";
import type { Node } from "../node";
import { type LongOperation, throttleProgress } from "../progress";
import type { Repository } from "../repository";
import { type Snapshot, saveSnapshot } from "../snapshot";
import { formatGoTime } from "../time";
import { serializeTree } from "../tree";
import { BACKUP_INDEX_CHECKPOINT, resumeAfterCrash } from "./resume";

export interface StreamBackupOptions extends LongOperation {
  filename: string;
  hostname?: string;
  tags?: string[];
  time?: Date;
}

export interface StreamBackupResult {
  snapshotId: string;
  snapshot: Omit<Snapshot, "id">;
  size: number;
  dataBlobs: number;
  dataAdded: number;
  /** The same (data and tree blobs) as stored: compressed and sealed. */
  dataAddedPacked: number;
  /** 1 when the one-file tree was new to the repository, 0 when an identical one existed. */
  treeBlobs: number;
}

export async function backupStream(
  repo: Repository,
  input: Readable,
  opts: StreamBackupOptions,
): Promise<StreamBackupResult> {
  if (!opts.filename || opts.filename.includes("/")) {
    throw new EngineError("invalid_argument", `invalid file name for the stream: "${opts.filename}"`);
  }
  return withLock(repo, false, async (lock) => {
    try {
      await repo.loadIndex();
      repo.indexCheckpoint ??= BACKUP_INDEX_CHECKPOINT;
      await resumeAfterCrash(repo, {
        ownLockId: async () => lock.id,
        deadLocksRemoved: lock.deadLocksRemoved,
      });
      return await saveStream(repo, input, opts);
    } catch (err) {
      // A failed dump leaves no partial pack behind (written packs stay, unindexed, for prune).
      await repo.discardOpenPacks().catch(() => undefined);
      throw err;
    }
  });
}

async function saveStream(
  repo: Repository,
  input: Readable,
  opts: StreamBackupOptions,
): Promise<StreamBackupResult> {
  const started = opts.time ?? new Date();
  await repo.loadIndex();
  const chunker = new Chunker(repo.config.chunkerPolynomial);
  const progress = throttleProgress(opts.onProgress);
  const content: string[] = [];
  let pending: Buffer[] = [];
  let size = 0;
  let dataBlobs = 0;
  let dataAdded = 0;
  let dataAddedPacked = 0;
  const save = async (chunk: Buffer) => {
    const r = await repo.saveBlob("data", chunk);
    content.push(r.id);
    if (!r.known) {
      dataBlobs++;
      // Plaintext bytes, as restic's data_added counts them (and as file backups do).
      dataAdded += chunk.length;
      dataAddedPacked += r.storedSize;
    }
  };
  for await (const piece of input) {
    throwIfAborted(opts.signal);
    const buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
    const cuts = chunker.push(buf);
    pending.push(buf);
    size += buf.length;
    if (cuts.length) {
      // Join only when a chunk completes, so each byte is copied about once.
      let joined = Buffer.concat(pending);
      for (const len of cuts) {
        await save(joined.subarray(0, len));
        joined = joined.subarray(len);
      }
      pending = joined.length ? [joined] : [];
    }
    progress.report({ bytesDone: size, filesDone: 0, currentPath: opts.filename });
  }
  if (chunker.finish() > 0) await save(Buffer.concat(pending));
  const time = formatGoTime(started);
  const user = os.userInfo();
  const fileNode: Node = {
    name: opts.filename,
    type: "file",
    mode: 0o644,
    mtime: time,
    atime: time,
    ctime: time,
    uid: user.uid,
    gid: user.gid,
    user: user.username,
    size: BigInt(size),
    content,
  };
  const treeBytes = serializeTree([fileNode]);
  const tree = await repo.saveBlob("tree", treeBytes);
  await repo.flush();
  const snapshot: Omit<Snapshot, "id"> = {
    time,
    tree: tree.id,
    paths: [`/${opts.filename}`],
    hostname: opts.hostname ?? os.hostname(),
    username: user.username,
    uid: user.uid,
    gid: user.gid,
    tags: opts.tags,
  };
  const snapshotId = await saveSnapshot(repo, snapshot);
  progress.flush({ bytesDone: size, filesDone: 1, filesTotal: 1, bytesTotal: size });
  return {
    snapshotId,
    snapshot,
    size,
    dataBlobs,
    dataAdded: dataAdded + (tree.known ? 0 : treeBytes.length),
    dataAddedPacked: dataAddedPacked + tree.storedSize,
    treeBlobs: tree.known ? 0 : 1,
  };
}
