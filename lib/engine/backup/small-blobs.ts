// Small sealed blobs (whole small files, the tails of larger ones) leave a file worker together:
// the ones of one outgoing batch are copied into one buffer, sent as one message. Sent one by
// one, each moved two buffers of its own to the main thread, and each of those cost the main
// thread a Buffer to wrap it, a handover of its memory (gc.ts's retire), its own turn through the
// packer's promise chain and an acknowledgement, and its young-generation collections more
// work: for 10,000 small files that was a large part of the main thread's time.
import type { BundledBlob, FromWorker } from "./protocol";

/** Sealed blobs up to this size are bundled; larger ones are moved as they are (no copy). */
export const SMALL_BLOB = 128 * 1024;

type BundleMessage = Extract<FromWorker, { t: "blobs" }>;

export class SmallBlobBundle {
  private parts: Uint8Array[] = [];
  private length = 0;
  private message: BundleMessage | undefined;

  /**
   * Adds a sealed blob (IV and MAC in `ivMac`, as crypto.ts's sealApart returns them). Returns
   * the batch's bundle message when this is its first blob: the caller sends it then, so the
   * blobs reach the main thread no later than the messages sent after it.
   */
  add(
    id: string,
    ivMac: Uint8Array,
    ciphertext: Uint8Array,
    uncompressedLength: number,
  ): BundleMessage | undefined {
    const first = this.message === undefined;
    this.message ??= { t: "blobs", bytes: new Uint8Array(0), entries: [] };
    this.parts.push(ivMac.subarray(0, 16), ciphertext, ivMac.subarray(16));
    const length = ivMac.length + ciphertext.length;
    this.length += length;
    this.message.entries.push({ id, length, uncompressedLength } satisfies BundledBlob);
    return first ? this.message : undefined;
  }

  /**
   * Fills the bundle message with its blobs' bytes, in order, just before the batch is posted;
   * returns the buffer to move with it (none when the batch has no bundle).
   */
  close(): ArrayBuffer | undefined {
    const message = this.message;
    if (!message) return undefined;
    // A buffer of its own (never Node's shared pool, which moving would empty for everyone).
    const bytes = Buffer.allocUnsafeSlow(this.length);
    let at = 0;
    for (const part of this.parts) {
      bytes.set(part, at);
      at += part.length;
    }
    message.bytes = bytes;
    this.message = undefined;
    this.parts = [];
    this.length = 0;
    return bytes.buffer as ArrayBuffer;
  }
}
