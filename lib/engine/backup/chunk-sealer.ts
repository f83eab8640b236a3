// Compress-and-seal for the backup workers without prepareBlob()'s intermediate buffers: zstd
// writes into one scratch buffer reused for every chunk and the cipher reads from there, so a
// chunk allocates little more than the sealed bytes that travel to the main thread. Fewer dead
// Buffers means less garbage collection and a lower memory peak. Same rules and bytes as
// prepareBlob() (blob.ts): restic's compression choice, zstd frames without checksum.
import { type Compression, shouldCompress } from "../blob";
import { MAX_SIZE } from "../chunker";
import { type MasterKey, sealApart } from "../crypto";
import { requireCjs } from "../require-cjs";
import { LEVEL_AUTO, LEVEL_MAX } from "../zstd";

const binding = requireCjs("zstd-napi/binding.js") as typeof import("zstd-napi/binding.js");

export interface SealedChunk {
  /** The sealed chunk is ivMac[0, 16) + ciphertext + ivMac[16, 32) (crypto.ts's sealApart). */
  ciphertext: Buffer;
  ivMac: Buffer;
  /** 0 = stored uncompressed. */
  uncompressedLength: number;
}

export function createChunkSealer(key: MasterKey, mode: Compression, version: 1 | 2) {
  const cctx = new binding.CCtx();
  cctx.setParameter(binding.CParameter.compressionLevel, mode === "max" ? LEVEL_MAX : LEVEL_AUTO);
  cctx.setParameter(binding.CParameter.checksumFlag, 0);
  cctx.setParameter(binding.CParameter.contentSizeFlag, 1);
  const scratch = Buffer.allocUnsafe(binding.compressBound(MAX_SIZE));
  return (chunk: Buffer): SealedChunk => {
    if (!shouldCompress("data", chunk.length, mode, version)) {
      return { ...sealApart(key, chunk), uncompressedLength: 0 };
    }
    const length = cctx.compress2(scratch, chunk);
    return { ...sealApart(key, scratch.subarray(0, length)), uncompressedLength: chunk.length };
  };
}
