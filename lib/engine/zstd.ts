// zstd for blobs and unpacked files. Contexts are reused: creating one per call is costly on
// small blobs. Frames carry no checksum, like restic's (RESTIC-FORMAT.md §7).
import type * as Zstd from "zstd-napi";
import { requireCjs } from "./require-cjs";

const { Compressor, Decompressor } = requireCjs("zstd-napi") as typeof Zstd;

/** restic's "auto" (klauspost SpeedDefault) compresses about like zstd level 3. */
export const LEVEL_AUTO = 3;
export const LEVEL_MAX = 19;

const compressors = new Map<number, Zstd.Compressor>();
let decompressor: Zstd.Decompressor | undefined;

function compressorFor(level: number): Zstd.Compressor {
  let c = compressors.get(level);
  if (!c) {
    c = new Compressor();
    c.setParameters({ compressionLevel: level, checksumFlag: false, contentSizeFlag: true });
    compressors.set(level, c);
  }
  return c;
}

export function compress(bytes: Uint8Array, level = LEVEL_AUTO): Buffer {
  return compressorFor(level).compress(bytes);
}

/** Decompresses one or more frames; frames without a content size are handled by streaming. */
export function decompress(bytes: Uint8Array): Buffer {
  decompressor ??= new Decompressor();
  return decompressor.decompress(bytes);
}
