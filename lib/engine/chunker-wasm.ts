// The chunker's inner loop as WebAssembly, emitted byte by byte from this file (no compiler, no
// binary committed). The JS loop kept the 53-bit digest in two int32 halves and ran at
// ~200 MB/s; with native i64 arithmetic the same loop runs several times faster, and chunking
// was the largest CPU cost of a backup. Same tables, same arithmetic as chunker.ts's reference.
//
// Memory layout (one instance per Chunker):
//   [0, 2048)     out table: i64 × 256, the digest of byte b followed by 63 zero bytes
//   [2048, 4096)  mod table: i64 × 256, reduces and cancels the byte that overflows the degree
//   4096 digest (i64), 4104 window position (i32), 4112 shift = degree − 8 (i64)
//   [4160, 4224)  the 64-byte window
//   [8192, …)     input bytes, copied in by the caller
export const OUT_TABLE = 0;
export const MOD_TABLE = 2048;
export const DIGEST = 4096;
export const WPOS = 4104;
export const SHIFT = 4112;
export const WINDOW_AT = 4160;
export const DATA = 8192;
/** Input bytes scanned per call. */
export const PIECE = 1024 * 1024;
const PAGES = Math.ceil((DATA + PIECE) / 65536);
const SPLIT_MASK = (1 << 20) - 1;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...Buffer.from(s)];

// Opcodes used below.
const I32 = 0x7f;
const I64 = 0x7e;
const EMPTY = 0x40;
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  brIf: 0x0d,
  return: 0x0f,
  get: 0x20,
  set: 0x21,
  i32Load: 0x28,
  i64Load: 0x29,
  i32Load8u: 0x2d,
  i32Store: 0x36,
  i64Store: 0x37,
  i32Store8: 0x3a,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32And: 0x71,
  i32Shl: 0x74,
  i64Or: 0x84,
  i64Xor: 0x85,
  i64Shl: 0x86,
  i64ShrU: 0x88,
  i32WrapI64: 0xa7,
  i64ExtendI32U: 0xad,
};
const mem = (opcode: number, align: number, offset: number) => [opcode, align, ...uleb(offset)];

// scan(p, end, minPos): slides bytes [p, end) through the window; returns the position just
// after the first byte at which the digest's low 20 bits are zero and p ≥ minPos, or 0.
const [P, END, MIN_POS, C, OUT, W, H, SH] = [0, 1, 2, 3, 4, 5, 6, 7];
const saveState = [
  ...[op.i32Const, 0, op.get, H, ...mem(op.i64Store, 3, DIGEST)],
  ...[op.i32Const, 0, op.get, W, ...mem(op.i32Store, 2, WPOS)],
];
const scanBody = [
  ...[op.i32Const, 0, ...mem(op.i64Load, 3, DIGEST), op.set, H],
  ...[op.i32Const, 0, ...mem(op.i32Load, 2, WPOS), op.set, W],
  ...[op.i32Const, 0, ...mem(op.i64Load, 3, SHIFT), op.set, SH],
  op.block,
  EMPTY,
  ...[op.get, P, op.get, END, op.i32GeU, op.brIf, 0],
  op.loop,
  EMPTY,
  // c = input[p]; out = window[w]; window[w] = c; w = (w + 1) & 63
  ...[op.get, P, ...mem(op.i32Load8u, 0, 0), op.set, C],
  ...[op.get, W, ...mem(op.i32Load8u, 0, WINDOW_AT), op.set, OUT],
  ...[op.get, W, op.get, C, ...mem(op.i32Store8, 0, WINDOW_AT)],
  ...[op.get, W, op.i32Const, 1, op.i32Add, op.i32Const, 63, op.i32And, op.set, W],
  // h ^= outTable[out]
  ...[
    op.get,
    H,
    op.get,
    OUT,
    op.i32Const,
    3,
    op.i32Shl,
    ...mem(op.i64Load, 3, OUT_TABLE),
    op.i64Xor,
    op.set,
    H,
  ],
  // h = ((h << 8) | c) ^ modTable[(h >> shift) & 255]
  ...[op.get, H, op.i64Const, 8, op.i64Shl, op.get, C, op.i64ExtendI32U, op.i64Or],
  ...[op.get, H, op.get, SH, op.i64ShrU, op.i32WrapI64, op.i32Const, ...sleb(255), op.i32And],
  ...[op.i32Const, 3, op.i32Shl, ...mem(op.i64Load, 3, MOD_TABLE), op.i64Xor, op.set, H],
  ...[op.get, P, op.i32Const, 1, op.i32Add, op.set, P],
  // A boundary candidate (one byte in a million): is the chunk long enough yet?
  ...[op.get, H, op.i32WrapI64, op.i32Const, ...sleb(SPLIT_MASK), op.i32And, op.i32Eqz],
  op.if,
  EMPTY,
  ...[op.get, P, op.get, MIN_POS, op.i32GeU],
  op.if,
  EMPTY,
  ...saveState,
  ...[op.get, P, op.return],
  op.end,
  op.end,
  ...[op.get, P, op.get, END, op.i32LtU, op.brIf, 0],
  op.end,
  op.end,
  ...saveState,
  ...[op.i32Const, 0],
  op.end,
];

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const locals = vec([
    [3, I32],
    [2, I64],
  ]);
  const code = [...locals, ...scanBody];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32]]), ...vec([[I32]])]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, ...uleb(PAGES)]])),
    ...section(
      7,
      vec([
        [...name("memory"), 0x02, 0],
        [...name("scan"), 0x00, 0],
      ]),
    ),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

let compiled: WebAssembly.Module | undefined;

export interface Scanner {
  memory: Uint8Array;
  scan: (p: number, end: number, minPos: number) => number;
}

/** A fresh instance: its own memory, so each Chunker keeps its own window and digest. */
export function createScanner(): Scanner {
  compiled ??= new WebAssembly.Module(moduleBytes());
  const instance = new WebAssembly.Instance(compiled);
  const exports = instance.exports as { memory: WebAssembly.Memory; scan: Scanner["scan"] };
  return { memory: new Uint8Array(exports.memory.buffer), scan: exports.scan };
}
