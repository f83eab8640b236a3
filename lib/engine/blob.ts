// Turning a blob's plaintext into what a pack stores. Pure, so worker threads can run it.
import { type MasterKey, open, seal, sha256Hex } from "./crypto";
import { EngineError } from "./errors";
import type { BlobType } from "./pack";
import { compress, decompress, LEVEL_AUTO, LEVEL_MAX } from "./zstd";

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

/**
 * Decrypts, decompresses and verifies one blob's stored bytes (the reverse of prepareBlob).
 * A restore's write workers do the same a piece at a time (restore/blob-writer.ts).
 */
export function openBlobBytes(
  key: MasterKey,
  type: BlobType,
  id: string,
  sealed: Buffer,
  uncompressedLength: number,
  packId: string,
): Buffer {
  let plain: Buffer;
  try {
    plain = open(key, sealed);
    if (uncompressedLength) plain = decompress(plain);
  } catch (err) {
    throw new EngineError(
      "corrupt",
      `${type} blob ${id} in pack ${packId} cannot be read: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  if (uncompressedLength && plain.length !== uncompressedLength) {
    throw new EngineError("corrupt", `${type} blob ${id} in pack ${packId} has the wrong length`);
  }
  if (sha256Hex(plain) !== id) {
    throw new EngineError("corrupt", `${type} blob ${id} in pack ${packId} does not match its ID`);
  }
  return plain;
}
