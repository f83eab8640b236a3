// Messages between a restore's main thread, which walks the snapshot's trees, and its write
// workers, which read, decrypt, decompress and verify a file's blobs and write the file.
export interface WriteInit {
  key: { encrypt: Uint8Array; macK: Uint8Array; macR: Uint8Array };
  /** The local repository's folder: workers read pack files directly. */
  root: string;
}

export interface BlobRef {
  id: string;
  packId: string;
  offset: number;
  length: number;
  uncompressedLength: number;
}

export interface FileJob {
  t: "file";
  job: number;
  dest: Uint8Array;
  overwrite: boolean;
  /** Mode for open(); `perm` is applied with fchmod when it differs. */
  createMode: number;
  perm: number;
  /** Owner to set, or -1 to leave the new file's. */
  uid: number;
  gid: number;
  atime: number;
  mtime: number;
  blobs: BlobRef[];
}

export type ToWriter = { t: "init"; init: WriteInit } | FileJob | { t: "end" };

export type FromWriter =
  | { t: "progress"; job: number; bytes: number }
  /** `bytes`: written since the file's last "progress" (a file of one blob sends none). */
  | { t: "done"; job: number; bytes: number; error?: string; code?: string }
  | { t: "ended" };
