// restic's content-defined chunker: a Rabin fingerprint over a 64-byte window with the
// repository's polynomial, so Lifeboat cuts exactly where restic cuts (RESTIC-FORMAT.md §12).
// The tables are built here; the per-byte loop, the hottest code of a backup, runs in
// WebAssembly (chunker-wasm.ts). The tables keep each 53-bit entry as two int32 halves.
import { createScanner, DATA, MOD_TABLE, OUT_TABLE, PIECE, type Scanner, SHIFT } from "./chunker-wasm";
import { degree, polyMod } from "./polynomial";

export const MIN_SIZE = 512 * 1024;
export const MAX_SIZE = 8 * 1024 * 1024;
export const WINDOW = 64;
export const SPLIT_MASK = (1 << 20) - 1;

export interface Tables {
  outHi: Int32Array;
  outLo: Int32Array;
  modHi: Int32Array;
  modLo: Int32Array;
  /** How far to shift the high half right to get the digest's top byte (deg − 8 − 32). */
  shift: number;
}

const tableCache = new Map<bigint, Tables>();

function appendByte(hash: bigint, b: number, pol: bigint): bigint {
  return polyMod((hash << 8n) | BigInt(b), pol);
}

export function tablesFor(pol: bigint): Tables {
  const cached = tableCache.get(pol);
  if (cached) return cached;
  const k = degree(pol);
  // The digest's top byte must lie in the high int32 half for the fast index below.
  if (k > 53 || k < 40) throw new Error(`chunker polynomial of degree ${k} is not supported`);
  const t: Tables = {
    outHi: new Int32Array(256),
    outLo: new Int32Array(256),
    modHi: new Int32Array(256),
    modLo: new Int32Array(256),
    shift: k - 8 - 32,
  };
  // Both tables are linear in b over GF(2): build the entries of single bits with BigInt
  // arithmetic, then every other entry as the XOR of its bits' (BigInt for all 256 entries
  // cost ~70 ms in every backup worker before it could start).
  for (let bit = 0; bit < 8; bit++) {
    const b = 1 << bit;
    // Fingerprint of byte b followed by WINDOW-1 zero bytes: XOR-ing it removes b from the window.
    let h = appendByte(0n, b, pol);
    for (let i = 0; i < WINDOW - 1; i++) h = appendByte(h, 0, pol);
    t.outHi[b] = Number(h >> 32n);
    t.outLo[b] = Number(h & 0xffffffffn) | 0;
    // Reduces the 8 bits that overflow degree k, and cancels them, in one XOR.
    const m = polyMod(BigInt(b) << BigInt(k), pol) | (BigInt(b) << BigInt(k));
    t.modHi[b] = Number(m >> 32n);
    t.modLo[b] = Number(m & 0xffffffffn) | 0;
  }
  for (let b = 3; b < 256; b++) {
    const low = b & -b;
    if (low === b) continue;
    for (const table of [t.outHi, t.outLo, t.modHi, t.modLo]) table[b] = table[low] ^ table[b ^ low];
  }
  tableCache.set(pol, t);
  return t;
}

export class Chunker {
  private readonly scanner: Scanner;
  /** The last WINDOW bytes pushed: the window in front of the next byte. */
  private readonly history = new Uint8Array(WINDOW);
  /** Bytes in the current chunk so far. */
  private count = 0;

  constructor(polynomial: bigint) {
    const t = tablesFor(polynomial);
    this.scanner = createScanner();
    const words = new Int32Array(this.scanner.memory.buffer, 0, DATA / 4);
    // i64 entries, little-endian: low half first.
    for (let b = 0; b < 256; b++) {
      words[(OUT_TABLE >> 2) + 2 * b] = t.outLo[b];
      words[(OUT_TABLE >> 2) + 2 * b + 1] = t.outHi[b];
      words[(MOD_TABLE >> 2) + 2 * b] = t.modLo[b];
      words[(MOD_TABLE >> 2) + 2 * b + 1] = t.modHi[b];
    }
    words[SHIFT >> 2] = t.shift + 32;
    words[(SHIFT >> 2) + 1] = 0;
  }

  /**
   * Starts a new chunk. restic slides a byte of value 1 into an empty window here, but that
   * byte has left the window by the time a boundary is allowed (MIN_SIZE ≥ 64 bytes on), so
   * every digest that matters is that of 64 bytes of the chunk itself.
   */
  reset(): void {
    this.count = 0;
  }

  /**
   * Feeds bytes and returns the lengths of the chunks they complete. Bytes after the last
   * boundary stay pending until more arrive or finish() is called.
   */
  push(bytes: Uint8Array): number[] {
    const cuts: number[] = [];
    const { memory, scan } = this.scanner;
    let i = 0;
    const n = bytes.length;
    while (i < n) {
      // No boundary before MIN_SIZE bytes: skip to the first byte that could end a chunk.
      if (this.count < MIN_SIZE - 1) {
        const step = Math.min(MIN_SIZE - 1 - this.count, n - i);
        this.count += step;
        i += step;
        continue;
      }
      const len = Math.min(n - i, MAX_SIZE - this.count, PIECE);
      // The scanned bytes, preceded by the 64 before them (partly from earlier pushes).
      if (i >= WINDOW) memory.set(bytes.subarray(i - WINDOW, i + len), DATA - WINDOW);
      else {
        memory.set(this.history.subarray(i), DATA - WINDOW);
        memory.set(bytes.subarray(0, i + len), DATA - i);
      }
      const end = scan(DATA, DATA + len);
      const used = end === 0 ? len : end - DATA;
      this.count += used;
      i += used;
      if (end !== 0 || this.count >= MAX_SIZE) {
        cuts.push(this.count);
        this.count = 0;
      }
    }
    if (n >= WINDOW) this.history.set(bytes.subarray(n - WINDOW));
    else {
      this.history.copyWithin(0, n);
      this.history.set(bytes, WINDOW - n);
    }
    return cuts;
  }

  /** Length of the final chunk (the pending bytes), 0 when none; then starts afresh. */
  finish(): number {
    const rest = this.count;
    this.reset();
    return rest;
  }
}
