// restic's content-defined chunker: a Rabin fingerprint over a 64-byte window with the
// repository's polynomial, so Lifeboat cuts exactly where restic cuts (RESTIC-FORMAT.md §12).
// The 53-bit digest is kept as two int32 halves (hi: 21 bits, lo: 32 bits) to stay in fast
// integer arithmetic; this loop is the hottest code of a backup.
import { degree, polyMod } from "./polynomial";

export const MIN_SIZE = 512 * 1024;
export const MAX_SIZE = 8 * 1024 * 1024;
const WINDOW = 64;
const SPLIT_MASK = (1 << 20) - 1;

interface Tables {
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

function tablesFor(pol: bigint): Tables {
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
  for (let b = 0; b < 256; b++) {
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
  tableCache.set(pol, t);
  return t;
}

export class Chunker {
  private readonly t: Tables;
  private readonly window = new Uint8Array(WINDOW);
  private wpos = 0;
  private hi = 0;
  private lo = 0;
  /** Bytes in the current chunk so far. */
  private count = 0;

  constructor(polynomial: bigint) {
    this.t = tablesFor(polynomial);
    this.reset();
  }

  /** Starts a new chunk: an empty window into which restic slides one byte of value 1. */
  reset(): void {
    this.window.fill(0);
    this.wpos = 0;
    this.hi = 0;
    this.lo = 0;
    this.count = 0;
    this.slide(1);
  }

  private slide(c: number): void {
    const t = this.t;
    const out = this.window[this.wpos];
    this.window[this.wpos] = c;
    this.wpos = (this.wpos + 1) & (WINDOW - 1);
    let hi = this.hi ^ t.outHi[out];
    let lo = this.lo ^ t.outLo[out];
    const idx = (hi >>> t.shift) & 0xff;
    hi = ((hi << 8) | (lo >>> 24)) ^ t.modHi[idx];
    lo = ((lo << 8) | c) ^ t.modLo[idx];
    this.hi = hi;
    this.lo = lo;
  }

  /**
   * Feeds bytes and returns the lengths of the chunks they complete. Bytes after the last
   * boundary stay pending until more arrive or finish() is called.
   */
  push(bytes: Uint8Array): number[] {
    const cuts: number[] = [];
    const t = this.t;
    const { outHi, outLo, modHi, modLo } = t;
    const shift = t.shift;
    const window = this.window;
    let { wpos, hi, lo, count } = this;
    let i = 0;
    const n = bytes.length;
    while (i < n) {
      // The first MIN_SIZE-64 bytes of a chunk are never a boundary and never reach the
      // window, so skip them without hashing.
      const skipTo = MIN_SIZE - WINDOW;
      if (count < skipTo) {
        const step = Math.min(skipTo - count, n - i);
        count += step;
        i += step;
        continue;
      }
      const limit = Math.min(n, i + (MAX_SIZE - count));
      let cut = false;
      while (i < limit) {
        const c = bytes[i++];
        const out = window[wpos];
        window[wpos] = c;
        wpos = (wpos + 1) & 63;
        hi ^= outHi[out];
        lo ^= outLo[out];
        const idx = (hi >>> shift) & 0xff;
        hi = ((hi << 8) | (lo >>> 24)) ^ modHi[idx];
        lo = ((lo << 8) | c) ^ modLo[idx];
        count++;
        if ((lo & SPLIT_MASK) === 0 && count >= MIN_SIZE) {
          cut = true;
          break;
        }
      }
      if (!cut && count >= MAX_SIZE) cut = true;
      if (cut) {
        cuts.push(count);
        this.reset();
        ({ wpos, hi, lo, count } = this);
      }
    }
    this.wpos = wpos;
    this.hi = hi;
    this.lo = lo;
    this.count = count;
    return cuts;
  }

  /** Length of the final chunk (the pending bytes), 0 when none; then starts afresh. */
  finish(): number {
    const rest = this.count;
    this.reset();
    return rest;
  }
}
