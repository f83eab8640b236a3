// The chunker's inner loop as WebAssembly, emitted byte by byte from this file (no compiler, no
// binary committed). The JS loop kept the 53-bit digest in two int32 halves and ran at
// ~200 MB/s; native i64 arithmetic and two interleaved lanes make it several times faster, and
// chunking was the largest CPU cost of a backup. Same tables and arithmetic as restic's.
//
// The digest at a position depends only on the 64 bytes ending there (the Rabin fingerprint of
// the window), so no state is carried between calls: the caller puts the 64 bytes before the
// scanned range in front of it. That also lets one call scan two halves of its range at once:
// each byte's update waits on the previous one's table lookup, and two independent chains keep
// the CPU busy during those waits. A candidate in the second half counts only if the first has none.
//
// Memory layout (one instance per Chunker):
//   [0, 2048)     out table: i64 × 256, the digest of byte b followed by 63 zero bytes
//   [2048, 4096)  mod table: i64 × 256, reduces and cancels the byte that overflows the degree
//   4112          shift = degree − 8 (i64)
//   [DATA − 64, DATA)  the 64 bytes before the scanned range; [DATA, …) the range itself
import {
  EMPTY,
  EXPORT_FUNC,
  EXPORT_MEMORY,
  I32,
  I64,
  MAGIC_AND_VERSION,
  mem,
  name,
  op,
  SECTION,
  section,
  sleb,
  uleb,
  vec,
} from "./wasm-encode";

export const OUT_TABLE = 0;
export const MOD_TABLE = 2048;
export const SHIFT = 4112;
export const DATA = 8192;
/** Input bytes scanned per call. */
export const PIECE = 1024 * 1024;
const PAGES = Math.ceil((DATA + PIECE) / 65536);
const SPLIT_MASK = (1 << 20) - 1;

const slideAndTest = (h: number, q: number, sh: number) => [
  // h ^= outTable[input[q]]: the byte 64 back leaves the window
  ...[op.get, h, op.get, q, ...mem(op.i32Load8u, 0, 0), op.i32Const, 3, op.i32Shl],
  ...[...mem(op.i64Load, 3, OUT_TABLE), op.i64Xor, op.set, h],
  // h = ((h << 8) | input[q + 64]) ^ modTable[h >> shift]: the new byte enters
  ...[
    op.get,
    h,
    op.i64Const,
    8,
    op.i64Shl,
    op.get,
    q,
    ...mem(op.i32Load8u, 0, 64),
    op.i64ExtendI32U,
    op.i64Or,
  ],
  ...[op.get, h, op.get, sh, op.i64ShrU, op.i32WrapI64, op.i32Const, 3, op.i32Shl],
  ...[...mem(op.i64Load, 3, MOD_TABLE), op.i64Xor, op.set, h],
  ...[op.get, q, op.i32Const, 1, op.i32Add, op.set, q],
  // is it a boundary (low 20 bits zero)?
  ...[op.get, h, op.i32WrapI64, op.i32Const, ...sleb(SPLIT_MASK), op.i32And, op.i32Eqz],
];

// fp64(p) → the digest of the 64 bytes before p (func 0).
const [FP_P, FP_H, FP_Q, FP_SH] = [0, 1, 2, 3];
const fp64Locals = vec([
  [1, I64],
  [1, I32],
  [1, I64],
]);
const fp64Body = [
  ...[op.i32Const, 0, ...mem(op.i64Load, 3, SHIFT), op.set, FP_SH],
  ...[op.get, FP_P, op.i32Const, ...sleb(64), op.i32Sub, op.set, FP_Q],
  op.loop,
  EMPTY,
  ...[
    op.get,
    FP_H,
    op.i64Const,
    8,
    op.i64Shl,
    op.get,
    FP_Q,
    ...mem(op.i32Load8u, 0, 0),
    op.i64ExtendI32U,
    op.i64Or,
  ],
  ...[op.get, FP_H, op.get, FP_SH, op.i64ShrU, op.i32WrapI64, op.i32Const, 3, op.i32Shl],
  ...[...mem(op.i64Load, 3, MOD_TABLE), op.i64Xor, op.set, FP_H],
  ...[op.get, FP_Q, op.i32Const, 1, op.i32Add, op.set, FP_Q],
  ...[op.get, FP_Q, op.get, FP_P, op.i32LtU, op.brIf, 0],
  op.end,
  op.get,
  FP_H,
  op.end,
];

// scan(start, end) → the position just after the first byte in [start, end) where the digest's
// low 20 bits are zero, or 0 (func 1). Lane A scans the first half, lane B the second; the
// queues q point 64 bytes behind the byte being added.
const [S, E, QA, QB, END_A, CAND, HA, HB, SH] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const scanLocals = vec([
  [4, I32],
  [3, I64],
]);
const scanBody = [
  ...[op.i32Const, 0, ...mem(op.i64Load, 3, SHIFT), op.set, SH],
  // half = (end − start) >> 1; lane A: [start, start + half), lane B: [start + half, end)
  ...[op.get, E, op.get, S, op.i32Sub, op.i32Const, 1, op.i32ShrU, op.get, S, op.i32Add, op.set, END_A],
  ...[op.get, S, op.call, 0, op.set, HA, op.get, END_A, op.call, 0, op.set, HB],
  ...[op.get, S, op.i32Const, ...sleb(64), op.i32Sub, op.set, QA],
  ...[op.get, END_A, op.i32Const, ...sleb(64), op.i32Sub, op.set, QB],
  ...[op.get, END_A, op.i32Const, ...sleb(64), op.i32Sub, op.set, END_A],
  op.block,
  EMPTY,
  ...[op.get, QA, op.get, END_A, op.i32GeU, op.brIf, 0],
  op.loop,
  EMPTY,
  ...slideAndTest(HA, QA, SH),
  op.if,
  EMPTY,
  ...[op.get, QA, op.i32Const, ...sleb(64), op.i32Add, op.return],
  op.end,
  ...slideAndTest(HB, QB, SH),
  ...[op.get, CAND, op.i32Eqz, op.i32And],
  op.if,
  EMPTY,
  ...[op.get, QB, op.i32Const, ...sleb(64), op.i32Add, op.set, CAND],
  op.end,
  ...[op.get, QA, op.get, END_A, op.i32LtU, op.brIf, 0],
  op.end,
  op.end,
  ...[op.get, CAND, op.if, EMPTY, op.get, CAND, op.return, op.end],
  // Lane B's last byte when the range has odd length (or the whole range when it is 1 byte).
  ...[op.get, E, op.i32Const, ...sleb(64), op.i32Sub, op.set, END_A],
  op.block,
  EMPTY,
  ...[op.get, QB, op.get, END_A, op.i32GeU, op.brIf, 0],
  op.loop,
  EMPTY,
  ...slideAndTest(HB, QB, SH),
  op.if,
  EMPTY,
  ...[op.get, QB, op.i32Const, ...sleb(64), op.i32Add, op.return],
  op.end,
  ...[op.get, QB, op.get, END_A, op.i32LtU, op.brIf, 0],
  op.end,
  op.end,
  op.i32Const,
  0,
  op.end,
];

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const fp64 = [...fp64Locals, ...fp64Body];
  const scan = [...scanLocals, ...scanBody];
  return Uint8Array.from([
    ...MAGIC_AND_VERSION,
    ...section(
      SECTION.type,
      vec([
        [0x60, ...vec([[I32]]), ...vec([[I64]])],
        [0x60, ...vec([[I32], [I32]]), ...vec([[I32]])],
      ]),
    ),
    ...section(SECTION.function, vec([[0], [1]])),
    ...section(SECTION.memory, vec([[0x00, ...uleb(PAGES)]])),
    ...section(
      SECTION.export,
      vec([
        [...name("memory"), EXPORT_MEMORY, 0],
        [...name("scan"), EXPORT_FUNC, 1],
      ]),
    ),
    ...section(
      SECTION.code,
      vec([
        [...uleb(fp64.length), ...fp64],
        [...uleb(scan.length), ...scan],
      ]),
    ),
  ]);
}

let compiled: WebAssembly.Module | undefined;

export interface Scanner {
  memory: Uint8Array;
  scan: (start: number, end: number) => number;
}

/** A fresh instance: its own memory, so each Chunker keeps its own window and digest. */
export function createScanner(): Scanner {
  compiled ??= new WebAssembly.Module(moduleBytes());
  const instance = new WebAssembly.Instance(compiled);
  const exports = instance.exports as { memory: WebAssembly.Memory; scan: Scanner["scan"] };
  return { memory: new Uint8Array(exports.memory.buffer), scan: exports.scan };
}
