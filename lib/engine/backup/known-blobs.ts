// The data blob IDs a repository had when a backup started, in one SharedArrayBuffer that every
// file worker reads at once. Workers decide on their own whether a chunk is new: asking the
// main thread for each chunk held every chunk in memory for a round trip and left the worker
// idle while the answer travelled (a third of its time in the benchmark). The set never
// changes during a backup, so reading it needs no locks; blobs that become known during the
// backup are tracked by each worker for itself and, across workers, by the main thread.
//
// Layout: an open-addressing table of 32-byte slots, at most half full. SHA-256 IDs are
// uniformly distributed, so their first four bytes are the hash. An all-zero slot is empty;
// the all-zero ID itself, should a chunk ever hash to it, is kept in a flag word at the end.

const SLOT = 32;
const WORDS = SLOT / 4;

export class KnownBlobs {
  private readonly words: Uint32Array;
  private readonly mask: number;
  private readonly hasZeroId: boolean;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.words = new Uint32Array(buffer);
    const slots = (buffer.byteLength - 4) / SLOT;
    this.mask = slots - 1;
    this.hasZeroId = this.words[slots * WORDS] === 1;
  }

  /** Builds the table of `count` IDs (hex); `count` only sizes it, and may over-estimate. */
  static build(ids: Iterable<string>, count: number): KnownBlobs {
    let slots = 16;
    while (slots < count * 2) slots *= 2;
    const buffer = new SharedArrayBuffer(slots * SLOT + 4);
    const words = new Uint32Array(buffer);
    const mask = slots - 1;
    let stored = 0;
    for (const hex of ids) {
      const id = Buffer.from(hex, "hex");
      if (id.length !== SLOT) throw new Error(`not a blob ID: ${hex}`);
      if (++stored > slots / 2) throw new Error("more blob IDs than the table was sized for");
      if (isZero(id)) {
        words[slots * WORDS] = 1;
        continue;
      }
      for (let slot = id.readUInt32LE(0) & mask; ; slot = (slot + 1) & mask) {
        const at = slot * WORDS;
        if (slotEmpty(words, at)) {
          for (let w = 0; w < WORDS; w++) words[at + w] = id.readUInt32LE(w * 4);
          break;
        }
        if (slotEquals(words, at, id)) break;
      }
    }
    return new KnownBlobs(buffer);
  }

  /** Whether the 32-byte ID (raw bytes, as a digest returns them) is in the table. */
  has(id: Uint8Array): boolean {
    const bytes = Buffer.from(id.buffer, id.byteOffset, id.byteLength);
    if (isZero(bytes)) return this.hasZeroId;
    for (let slot = bytes.readUInt32LE(0) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * WORDS;
      if (slotEmpty(this.words, at)) return false;
      if (slotEquals(this.words, at, bytes)) return true;
    }
  }
}

function isZero(id: Buffer): boolean {
  for (let i = 0; i < id.length; i++) if (id[i] !== 0) return false;
  return true;
}

function slotEmpty(words: Uint32Array, at: number): boolean {
  for (let w = 0; w < WORDS; w++) if (words[at + w] !== 0) return false;
  return true;
}

function slotEquals(words: Uint32Array, at: number, id: Buffer): boolean {
  for (let w = 0; w < WORDS; w++) if (words[at + w] !== id.readUInt32LE(w * 4)) return false;
  return true;
}
