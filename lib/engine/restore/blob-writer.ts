// Writes one data blob's plaintext to a file a piece at a time, for a restore's write workers.
// A blob is up to 8 MiB; opened whole, it took three buffers of its size in every worker (the
// sealed bytes, node:crypto's decrypted copy, the decompressed result). Here only the sealed
// bytes are whole (the MAC covers all of them and is checked before anything is decrypted);
// they are decrypted in pieces and decompressed into one small window that is written out
// whenever it fills. The blob's ID (the SHA-256 of its plaintext) and length are checked as
// the last piece goes out: a blob that fails either has been written in part, and the file is
// reported as failed, as it was when an earlier blob of the same file failed.
import { createCipheriv, createHash } from "node:crypto";
import fs from "node:fs";
import type * as ZstdBinding from "zstd-napi/binding.js";
import { authenticate, type MasterKey } from "../crypto";
import { EngineError } from "../errors";
import { requireCjs } from "../require-cjs";
import type { BlobRef } from "./protocol";

const binding = requireCjs("zstd-napi/binding.js") as typeof ZstdBinding;

/** Ciphertext decrypted per step: node:crypto returns each step's result in a new buffer. */
const PIECE = 256 * 1024;
/** Decompressed bytes gathered before a write. */
const WINDOW = 1024 * 1024;

function writeAll(fd: number, data: Uint8Array): void {
  for (let off = 0; off < data.length; ) off += fs.writeSync(fd, data, off, data.length - off);
}

export class BlobWriter {
  private readonly dctx = new binding.DCtx();
  private readonly window = Buffer.allocUnsafe(WINDOW);

  constructor(private readonly key: MasterKey) {}

  /** Writes `blob` (its stored bytes are `sealed`) at the file's current offset; returns its plaintext length. */
  write(fd: number, blob: BlobRef, sealed: Uint8Array): number {
    try {
      return this.writeUnchecked(fd, blob, sealed);
    } catch (err) {
      if (err instanceof EngineError && err.code === "corrupt") throw err;
      // The file's own write failed (a full disk, say): that is no fault of the blob's.
      if ((err as NodeJS.ErrnoException).syscall !== undefined) throw err;
      throw new EngineError(
        "corrupt",
        `data blob ${blob.id} in pack ${blob.packId} cannot be read: ${(err as Error).message}`,
        { cause: err },
      );
    }
  }

  private writeUnchecked(fd: number, blob: BlobRef, sealed: Uint8Array): number {
    const { iv, ct } = authenticate(this.key, sealed);
    const decipher = createCipheriv("aes-256-ctr", this.key.encrypt, iv);
    const hash = createHash("sha256");
    const compressed = blob.uncompressedLength > 0;
    let length = 0;
    const out = (bytes: Uint8Array) => {
      length += bytes.length;
      if (compressed && length > blob.uncompressedLength) throw wrongLength(blob);
      hash.update(bytes);
      writeAll(fd, bytes);
    };
    if (compressed) this.dctx.reset(binding.ResetDirective.sessionOnly);
    let frameOpen = false;
    for (let at = 0; at < ct.length; at += PIECE) {
      const piece = decipher.update(ct.subarray(at, at + PIECE));
      if (compressed) frameOpen = this.decode(piece, out);
      else out(piece);
    }
    if (compressed) {
      // What the decoder still holds, then: a frame cut short leaves it open.
      if (frameOpen) frameOpen = this.decode(EMPTY, out);
      if (frameOpen || length !== blob.uncompressedLength) throw wrongLength(blob);
    }
    if (hash.digest("hex") !== blob.id) {
      throw new EngineError("corrupt", `data blob ${blob.id} in pack ${blob.packId} does not match its ID`);
    }
    return length;
  }

  /** Feeds `input` to the decoder, passing what comes out to `out`; returns whether a frame is still open. */
  private decode(input: Uint8Array, out: (bytes: Uint8Array) => void): boolean {
    for (let used = 0; ; ) {
      const [left, produced, consumed] = this.dctx.decompressStream(this.window, input.subarray(used));
      used += consumed;
      if (produced > 0) out(this.window.subarray(0, produced));
      // 0: a frame ended and all of it is out (asked again, the decoder would await another).
      if (left === 0 && used >= input.length) return false;
      // A full window may mean more is waiting; otherwise all of the input is in.
      const more = produced === this.window.length || used < input.length;
      if (!more || (produced === 0 && consumed === 0)) return left !== 0;
    }
  }
}

const EMPTY = new Uint8Array(0);

function wrongLength(blob: BlobRef): EngineError {
  return new EngineError("corrupt", `data blob ${blob.id} in pack ${blob.packId} has the wrong length`);
}
