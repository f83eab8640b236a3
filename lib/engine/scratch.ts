// A buffer reused for one thing at a time. A restore worker reads each blob into the same
// memory and decompresses it into the same memory; fresh Buffers for each blob were garbage
// that only a garbage collection frees, and the collections to keep that garbage down cost a
// fifth of a restore's CPU.

/** Sizes round up to this, so a run of slightly growing blobs reallocates rarely. */
const STEP = 256 * 1024;

export class Scratch {
  private buf = Buffer.alloc(0);

  /**
   * A view of `length` bytes, valid until the next call: whatever it holds must be used (or
   * copied) before asking again.
   */
  take(length: number): Buffer {
    if (this.buf.length < length) this.buf = Buffer.allocUnsafe(Math.ceil(length / STEP) * STEP);
    return this.buf.subarray(0, length);
  }
}
