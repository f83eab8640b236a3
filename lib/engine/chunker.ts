// restic's content-defined chunker: a Rabin fingerprint over a 64-byte window with the
// repository's polynomial, so Lifeboat cuts exactly where restic cuts (RESTIC-FORMAT.md §12).
// The tables are built here; the per-byte loop, the hottest code of a backup, runs in
// WebAssembly (chunker-wasm.ts). The tables keep each 53-bit entry as two int32 halves.
import {
  createScanner,
  DATA,
  DIGEST,
  MOD_TABLE,
  OUT_TABLE,
  PIECE,
  type Scanner,
  SHIFT,
  WINDOW_AT,
  WPOS,
} from "./chunker-wasm";
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
  private readonly words: Int32Array;
  /** Bytes in the current chunk so far. */
  private count = 0;

  constructor(polynomial: bigint) {
    const t = tablesFor(polynomial);
    this.scanner = createScanner();
    const m = this.scanner.memory;
    this.words = new Int32Array(m.buffer, 0, DATA / 4);
    // i64 entries, little-endian: low half first.
    for (let b = 0; b < 256; b++) {
      this.words[(OUT_TABLE >> 2) + 2 * b] = t.outLo[b];
      this.words[(OUT_TABLE >> 2) + 2 * b + 1] = t.outHi[b];
      this.words[(MOD_TABLE >> 2) + 2 * b] = t.modLo[b];
      this.words[(MOD_TABLE >> 2) + 2 * b + 1] = t.modHi[b];
    }
    this.words[SHIFT >> 2] = t.shift + 32;
    this.words[(SHIFT >> 2) + 1] = 0;
    this.reset();
  }

  /**
   * Starts a new chunk: an empty window into which restic slides one byte of value 1, which
   * leaves digest 1 and the window [1, 0, …, 0] with the next byte going to position 1.
   */
  reset(): void {
    const m = this.scanner.memory;
    m.fill(0, WINDOW_AT, WINDOW_AT + WINDOW);
    m[WINDOW_AT] = 1;
    this.words[DIGEST >> 2] = 1;
    this.words[(DIGEST >> 2) + 1] = 0;
    this.words[WPOS >> 2] = 1;
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
      // The first MIN_SIZE-64 bytes of a chunk are never a boundary and never reach the
      // window, so skip them without hashing.
      const skipTo = MIN_SIZE - WINDOW;
      if (this.count < skipTo) {
        const step = Math.min(skipTo - this.count, n - i);
        this.count += step;
        i += step;
        continue;
      }
      const len = Math.min(n - i, MAX_SIZE - this.count, PIECE);
      memory.set(bytes.subarray(i, i + len), DATA);
      // A cut just after position p makes the chunk count + (p − DATA) bytes long.
      const minPos = DATA + Math.max(0, MIN_SIZE - this.count);
      const end = scan(DATA, DATA + len, minPos);
      const used = end === 0 ? len : end - DATA;
      this.count += used;
      i += used;
      if (end !== 0 || this.count >= MAX_SIZE) {
        cuts.push(this.count);
        this.reset();
      }
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
