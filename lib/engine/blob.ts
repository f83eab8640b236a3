// Turning a blob's plaintext into what a pack stores. Pure, so worker threads can run it.
import { type MasterKey, seal, sha256Hex } from "./crypto";
import type { BlobType } from "./pack";
import { compress, LEVEL_AUTO, LEVEL_MAX } from "./zstd";

export type Compression = "auto" | "off" | "max";

export interface PreparedBlob {
  id: string;
  sealed: Buffer;
  /** 0 = stored uncompressed. */
  uncompressedLength: number;
}

/**
 * restic's rules for a v2 repository: data blobs follow the compression mode, tree blobs are
 * always compressed, and an empty blob is never marked compressed (0 means "uncompressed").
 */
export function shouldCompress(type: BlobType, size: number, mode: Compression, repoVersion: 1 | 2): boolean {
  if (repoVersion < 2 || size === 0) return false;
  return type === "tree" || mode !== "off";
}

export function prepareBlob(
  key: MasterKey,
  type: BlobType,
  plain: Uint8Array,
  mode: Compression,
  repoVersion: 1 | 2,
  id: string = sha256Hex(plain),
): PreparedBlob {
  if (shouldCompress(type, plain.length, mode, repoVersion)) {
    const compressed = compress(plain, mode === "max" ? LEVEL_MAX : LEVEL_AUTO);
    return { id, sealed: seal(key, compressed), uncompressedLength: plain.length };
  }
  return { id, sealed: seal(key, plain), uncompressedLength: 0 };
}
