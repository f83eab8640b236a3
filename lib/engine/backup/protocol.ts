// Messages between the backup's main thread and its file workers. Workers lstat, read, chunk,
// hash, and compress and seal the chunks that are new to them (known-blobs.ts); the main
// thread owns the packs, drops the rare blob two workers both sealed, and acknowledges saved
// bytes so that a worker never runs far ahead of the packer.
import type { Compression } from "../blob";
import type { Node } from "../node";

export interface WorkerInit {
  /** Lower this thread's CPU priority to that nice value (BackupOptions.workerNice). */
  nice?: number;
  key: { encrypt: Uint8Array; macK: Uint8Array; macR: Uint8Array };
  polynomial: string;
  compression: Compression;
  version: 1 | 2;
  /** KnownBlobs' table of the data blobs the repository had when the backup started. */
  known: SharedArrayBuffer;
}

/** What restic compares to decide that a file is unchanged since the parent snapshot. */
export interface ParentFacts {
  size: bigint;
  mtime: string;
  ctime: string;
  inode: bigint;
}

/**
 * The parent snapshot's chunks of a file that changed since: blob IDs and plaintext sizes, in
 * order. A worker checks them against the file by hash before it runs the chunker (see
 * chunkFile in file-worker.ts).
 */
export interface PreviousChunks {
  ids: string[];
  sizes: number[];
}

export type FileStatus = "new" | "changed" | "unmodified" | "other" | "error";

export type ToWorker =
  | { t: "init"; init: WorkerInit }
  | {
      t: "file";
      job: number;
      path: Uint8Array;
      name: Uint8Array;
      parent?: ParentFacts;
      previous?: PreviousChunks;
    }
  /** Sealed bytes the packer has taken from this worker. */
  | { t: "saved"; bytes: number };

/** One blob of a bundle: its sealed bytes follow the previous one's in `bytes`. */
export interface BundledBlob {
  id: string;
  length: number;
  uncompressedLength: number;
}

export type FromWorker =
  /** A new blob, sealed: ivMac[0, 16) + ciphertext + ivMac[16, 32) (crypto.ts's sealApart). */
  | { t: "blob"; id: string; ciphertext: Uint8Array; ivMac: Uint8Array; uncompressedLength: number }
  /** New small blobs, sealed (IV, ciphertext, MAC), one after another (small-blobs.ts). */
  | { t: "blobs"; bytes: Uint8Array; entries: BundledBlob[] }
  /** Bytes read since the last report, for progress. */
  | { t: "bytes"; n: number }
  /** The file is read and its new blobs were sent before this; `bytes` were not reported yet. */
  | { t: "done"; job: number; bytes: number; status: FileStatus; node?: Node; error?: string };

/** Several messages in one postMessage: per-message cost dominated backups of small files. */
export interface Batch<T> {
  t: "batch";
  msgs: T[];
}

/**
 * Collects messages and posts them together once the current turn of the event loop ends,
 * keeping their order and moving any transferred buffers along.
 */
export function createBatcher<T>(post: (batch: Batch<T>, transfer: ArrayBuffer[]) => void) {
  let msgs: T[] = [];
  let transfer: ArrayBuffer[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (msgs.length === 0) return;
    const out = msgs;
    const moved = transfer;
    msgs = [];
    transfer = [];
    post({ t: "batch", msgs: out }, moved);
  };
  return {
    send(msg: T, toTransfer?: ArrayBuffer[]) {
      msgs.push(msg);
      if (toTransfer) transfer.push(...toTransfer);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
