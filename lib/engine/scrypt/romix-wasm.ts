// scrypt's memory-hard core, ROMix with Salsa20/8 (RFC 7914 §3-5), as WebAssembly emitted from
// this file. Node's scrypt (OpenSSL) runs a key's p lanes one after another on one thread, and
// restic's repositories use p ≈ 4-6, so opening one cost 0.4-0.6 s of every command. Lanes are
// independent: parallel.ts runs them on several threads around this core, and the PBKDF2 steps
// before and after stay with node:crypto. Scalar WebAssembly runs a lane (N = 2^15, r = 8) in
// about 70 ms here, against 95 ms for OpenSSL's C. Tests compare every output with Node's scrypt.
//
// Memory (imported, sized by the caller): X at 0 and Y at 128r, the two blocks a step reads
// and writes; V, the N blocks of the first loop, from 256r.
import {
  body,
  EMPTY,
  I32,
  MAGIC_AND_VERSION,
  mem,
  name,
  op,
  SECTION,
  section,
  sleb,
  vec,
} from "../wasm-encode";

/** Salsa20/8's quarter-rounds as [target, a, b, rotation]: x[t] ^= rotl(x[a] + x[b], rot). */
// biome-ignore format: four quarter-rounds a line, as RFC 7914 writes them
const COLUMN_ROUND = [
  [4, 0, 12, 7], [8, 4, 0, 9], [12, 8, 4, 13], [0, 12, 8, 18],
  [9, 5, 1, 7], [13, 9, 5, 9], [1, 13, 9, 13], [5, 1, 13, 18],
  [14, 10, 6, 7], [2, 14, 10, 9], [6, 2, 14, 13], [10, 6, 2, 18],
  [3, 15, 11, 7], [7, 3, 15, 9], [11, 7, 3, 13], [15, 11, 7, 18],
];
// biome-ignore format: as above
const ROW_ROUND = [
  [1, 0, 3, 7], [2, 1, 0, 9], [3, 2, 1, 13], [0, 3, 2, 18],
  [6, 5, 4, 7], [7, 6, 5, 9], [4, 7, 6, 13], [5, 4, 7, 18],
  [11, 10, 9, 7], [8, 11, 10, 9], [9, 8, 11, 13], [10, 9, 8, 18],
  [12, 15, 14, 7], [13, 12, 15, 9], [14, 13, 12, 13], [15, 14, 13, 18],
];

/**
 * BlockMix (RFC 7914 §4) of the 2r 64-byte blocks at src (xor those at src2, when given) into
 * dst, which must not overlap them. Output order as the RFC: even blocks, then odd ones.
 */
function blockMix(withSecond: boolean): number[] {
  const [SRC, SRC2, DST, R] = withSecond ? [0, 1, 2, 3] : [0, -1, 1, 2];
  const params = withSecond ? 4 : 3;
  const x = (k: number) => params + k; // the 16 words of the Salsa20/8 state
  const [I, OUT, BLOCKS, IN, IN2] = [params + 16, params + 17, params + 18, params + 19, params + 20];
  const word = (ptr: number, k: number) => [op.get, ptr, ...mem(op.i32Load, 2, 4 * k)];
  const code: number[] = [];
  // The state starts as the last input block.
  code.push(op.get, R, op.i32Const, 7, op.i32Shl, op.i32Const, ...sleb(64), op.i32Sub, op.set, IN);
  if (withSecond) code.push(op.get, IN, op.get, SRC2, op.i32Add, op.set, IN2);
  code.push(op.get, IN, op.get, SRC, op.i32Add, op.set, IN);
  for (let k = 0; k < 16; k++) {
    code.push(...word(IN, k));
    if (withSecond) code.push(...word(IN2, k), op.i32Xor);
    code.push(op.set, x(k));
  }
  code.push(op.get, R, op.i32Const, 1, op.i32Shl, op.set, BLOCKS);
  code.push(op.i32Const, 0, op.set, I, op.get, SRC, op.set, IN);
  if (withSecond) code.push(op.get, SRC2, op.set, IN2);
  code.push(op.loop, EMPTY);
  // out = dst + 64 × (i/2 + (i odd ? r : 0))
  code.push(op.get, DST, op.get, I, op.i32Const, 1, op.i32ShrU, op.get, I, op.i32Const, 1, op.i32And);
  code.push(op.get, R, op.i32Mul, op.i32Add, op.i32Const, 6, op.i32Shl, op.i32Add, op.set, OUT);
  // state ^= block i; the Salsa20/8 input is parked in out, to be added back after the rounds
  for (let k = 0; k < 16; k++) {
    code.push(op.get, OUT, op.get, x(k), ...word(IN, k), op.i32Xor);
    if (withSecond) code.push(...word(IN2, k), op.i32Xor);
    code.push(op.tee, x(k), ...mem(op.i32Store, 2, 4 * k));
  }
  for (let doubleRound = 0; doubleRound < 4; doubleRound++) {
    for (const [t, a, b, rot] of [...COLUMN_ROUND, ...ROW_ROUND]) {
      code.push(op.get, x(t), op.get, x(a), op.get, x(b), op.i32Add, op.i32Const, rot, op.i32Rotl);
      code.push(op.i32Xor, op.set, x(t));
    }
  }
  for (let k = 0; k < 16; k++) {
    code.push(op.get, OUT, op.get, x(k), ...word(OUT, k), op.i32Add, op.tee, x(k));
    code.push(...mem(op.i32Store, 2, 4 * k));
  }
  code.push(op.get, IN, op.i32Const, ...sleb(64), op.i32Add, op.set, IN);
  if (withSecond) code.push(op.get, IN2, op.i32Const, ...sleb(64), op.i32Add, op.set, IN2);
  code.push(op.get, I, op.i32Const, 1, op.i32Add, op.tee, I, op.get, BLOCKS, op.i32LtU, op.brIf, 0);
  code.push(op.end, op.end);
  return body([[21, I32]], code);
}

const BLOCK_MIX = 0;
const BLOCK_MIX_XOR = 1;

/**
 * romix(n, r): ROMix (RFC 7914 §5) of the block at X, in place; n a power of two ≥ 2.
 * V[0] = X, V[i] = BlockMix(V[i−1]) is written straight into V; then n steps of
 * X = BlockMix(X xor V[Integerify(X) mod n]) alternate between X and Y (n even: ends in X).
 */
function roMix(): number[] {
  const [N, R] = [0, 1];
  const [I, BLK, CUR, OTHER, J, V] = [2, 3, 4, 5, 6, 7];
  const code: number[] = [];
  code.push(op.get, R, op.i32Const, 7, op.i32Shl, op.set, BLK);
  code.push(op.get, BLK, op.i32Const, 1, op.i32Shl, op.set, V);
  // V[0] = X, 8 bytes at a time
  code.push(op.i32Const, 0, op.set, I, op.loop, EMPTY);
  code.push(op.get, V, op.get, I, op.i32Add, op.get, I, ...mem(op.i64Load, 3, 0), ...mem(op.i64Store, 3, 0));
  code.push(op.get, I, op.i32Const, 8, op.i32Add, op.tee, I, op.get, BLK, op.i32LtU, op.brIf, 0, op.end);
  // V[i] = BlockMix(V[i−1]) for i < n, then X = BlockMix(V[n−1])
  code.push(op.get, V, op.set, CUR, op.i32Const, 1, op.set, I, op.loop, EMPTY);
  code.push(op.get, CUR, op.get, CUR, op.get, BLK, op.i32Add, op.tee, CUR, op.get, R, op.call, BLOCK_MIX);
  code.push(op.get, I, op.i32Const, 1, op.i32Add, op.tee, I, op.get, N, op.i32LtU, op.brIf, 0, op.end);
  code.push(op.get, CUR, op.i32Const, 0, op.get, R, op.call, BLOCK_MIX);
  // n steps: j = first word of the last 64-byte block mod n
  code.push(op.i32Const, 0, op.set, I, op.i32Const, 0, op.set, CUR, op.get, BLK, op.set, OTHER);
  code.push(op.loop, EMPTY);
  code.push(op.get, CUR, op.get, BLK, op.i32Add, op.i32Const, ...sleb(64), op.i32Sub);
  code.push(...mem(op.i32Load, 2, 0), op.get, N, op.i32Const, 1, op.i32Sub, op.i32And);
  code.push(op.get, BLK, op.i32Mul, op.get, V, op.i32Add, op.set, J);
  code.push(op.get, CUR, op.get, J, op.get, OTHER, op.get, R, op.call, BLOCK_MIX_XOR);
  code.push(op.get, OTHER, op.get, CUR, op.set, OTHER, op.set, CUR);
  code.push(op.get, I, op.i32Const, 1, op.i32Add, op.tee, I, op.get, N, op.i32LtU, op.brIf, 0, op.end);
  code.push(op.end);
  return body([[6, I32]], code);
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const i32s = (n: number) => vec(Array.from({ length: n }, () => [I32]));
  return Uint8Array.from([
    ...MAGIC_AND_VERSION,
    ...section(
      SECTION.type,
      vec([
        [0x60, ...i32s(3), ...vec([])],
        [0x60, ...i32s(4), ...vec([])],
        [0x60, ...i32s(2), ...vec([])],
      ]),
    ),
    // The caller's memory (limits: at least 1 page, no maximum).
    ...section(SECTION.import, vec([[...name("env"), ...name("memory"), 0x02, 0x00, 1]])),
    ...section(SECTION.function, vec([[0], [1], [2]])),
    ...section(SECTION.export, vec([[...name("romix"), 0x00, 2]])),
    ...section(SECTION.code, vec([blockMix(false), blockMix(true), roMix()])),
  ]);
}

let compiled: WebAssembly.Module | undefined;

/** The compiled module; it can be sent to worker threads (parallel.ts). */
export function romixModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(moduleBytes());
  return compiled;
}

/** Bytes of memory a ROMix instance needs: X, Y and V. */
export const romixMemoryBytes = (n: number, r: number) => (n + 2) * 128 * r;
