// Messages between the backup's main thread and its file workers. Workers read, chunk and hash
// files; the main thread owns deduplication and packs, so it answers whether each chunk is new
// before a worker spends time compressing and encrypting it.
import type { Compression } from "../blob";

export interface WorkerInit {
  key: { encrypt: Uint8Array; macK: Uint8Array; macR: Uint8Array };
  polynomial: string;
  compression: Compression;
  version: 1 | 2;
}

export type ToWorker =
  | { t: "init"; init: WorkerInit }
  | { t: "file"; job: number; path: Uint8Array }
  | { t: "need"; job: number; seq: number; need: boolean };

export type FromWorker =
  | { t: "chunk"; job: number; seq: number; id: string; size: number }
  | { t: "blob"; job: number; seq: number; id: string; sealed: Uint8Array; uncompressedLength: number }
  | { t: "done"; job: number; size: number; error?: string };
