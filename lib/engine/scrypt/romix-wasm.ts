// scrypt's memory-hard core, ROMix with Salsa20/8 (RFC 7914 §3-5), as WebAssembly emitted from
// this file. Node's scrypt (OpenSSL) runs a key's p lanes one after another on one thread, and
// restic's repositories use p ≈ 4-6, so opening one cost 0.4-0.6 s of every command. Lanes are
// independent: parallel.ts runs them on several threads around this core, and the PBKDF2 steps
// before and after stay with node:crypto. With SIMD (salsa208 below) a lane (N = 2^15, r = 8)
// takes 22-45 ms once compiled, more on a thread's first (its memory faults in, the code tiers
// up); OpenSSL's C takes 65-80 ms a lane. Tests compare every output with Node's scrypt and
// RFC 7914's vectors.
//
// Memory (imported, sized by the caller): X at 0 and Y at 128r, the two blocks a step reads
// and writes; V, the N blocks of the first loop, from 256r. Blocks are in toSimdLayout's order.
import {
  body,
  EMPTY,
  EXPORT_FUNC,
  I32,
  MAGIC_AND_VERSION,
  mem,
  name,
  op,
  SECTION,
  section,
  simd,
  sleb,
  V128,
  vec,
} from "../wasm-encode";

/**
 * Salsa20/8 on four i32x4 vectors. Blocks are kept with their 16 words in the order
 * w[(5i) mod 16] (see toSimdLayout), so each vector holds one of the state's diagonals:
 *   A = (x0, x5, x10, x15), B = (x4, x9, x14, x3), C = (x8, x13, x2, x7), D = (x12, x1, x6, x11).
 * The RFC's four column quarter-rounds are then one quarter-round on whole vectors; rotating
 * the lanes of B, C and D turns rows into columns for the second half-round, and back. (The
 * arrangement of the well-known SSE2 implementations, e.g. scrypt's crypto_scrypt-sse.c.)
 */
function salsa208(a: number, b: number, c: number, d: number, t: number): number[] {
  // v[target] ^= rotl(v[x] + v[y], rot)
  const step = (target: number, x: number, y: number, rot: number) => [
    ...[op.get, x, op.get, y, ...simd.i32x4Add, op.set, t],
    ...[op.get, target, op.get, t, op.i32Const, rot, ...simd.i32x4Shl, ...simd.xor],
    ...[op.get, t, op.i32Const, 32 - rot, ...simd.i32x4ShrU, ...simd.xor, op.set, target],
  ];
  const permute = (v: number, lanes: [number, number, number, number]) => [
    ...[op.get, v, op.get, v, ...simd.i32x4Permute(lanes), op.set, v],
  ];
  const code: number[] = [];
  for (let doubleRound = 0; doubleRound < 4; doubleRound++) {
    code.push(...step(b, a, d, 7), ...step(c, b, a, 9), ...step(d, c, b, 13), ...step(a, d, c, 18));
    code.push(...permute(b, [3, 0, 1, 2]), ...permute(c, [2, 3, 0, 1]), ...permute(d, [1, 2, 3, 0]));
    code.push(...step(d, a, b, 7), ...step(c, d, a, 9), ...step(b, c, d, 13), ...step(a, b, c, 18));
    code.push(...permute(b, [1, 2, 3, 0]), ...permute(c, [2, 3, 0, 1]), ...permute(d, [3, 0, 1, 2]));
  }
  return code;
}

/** A block's words in the order the vectors want them: position i holds word (5i) mod 16. */
export function toSimdLayout(blocks: Uint8Array): void {
  permuteBlocks(blocks, (i) => (5 * i) % 16, true);
}

export function fromSimdLayout(blocks: Uint8Array): void {
  permuteBlocks(blocks, (i) => (5 * i) % 16, false);
}

function permuteBlocks(blocks: Uint8Array, at: (i: number) => number, forward: boolean): void {
  const words = new Uint32Array(blocks.buffer, blocks.byteOffset, blocks.length / 4);
  const block = new Uint32Array(16);
  for (let base = 0; base < words.length; base += 16) {
    block.set(words.subarray(base, base + 16));
    for (let i = 0; i < 16; i++) {
      if (forward) words[base + i] = block[at(i)];
      else words[base + at(i)] = block[i];
    }
  }
}

/**
 * BlockMix (RFC 7914 §4) of the 2r 64-byte blocks at src (xor those at src2, when given) into
 * dst, which must not overlap them. Output order as the RFC: even blocks, then odd ones.
 */
function blockMix(withSecond: boolean): number[] {
  const [SRC, SRC2, DST, R] = withSecond ? [0, 1, 2, 3] : [0, -1, 1, 2];
  const params = withSecond ? 4 : 3;
  const [I, OUT, BLOCKS, IN, IN2] = [0, 1, 2, 3, 4].map((k) => params + k);
  // The state's four vectors, the input saved for the final addition, a temporary.
  const [A, B, C, D, SA, SB, SC, SD, T] = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => params + 5 + k);
  const state = [A, B, C, D];
  const saved = [SA, SB, SC, SD];
  const vector = (ptr: number, k: number) => [op.get, ptr, ...simd.load(16 * k)];
  const code: number[] = [];
  // The state starts as the last input block.
  code.push(op.get, R, op.i32Const, 7, op.i32Shl, op.i32Const, ...sleb(64), op.i32Sub, op.set, IN);
  if (withSecond) code.push(op.get, IN, op.get, SRC2, op.i32Add, op.set, IN2);
  code.push(op.get, IN, op.get, SRC, op.i32Add, op.set, IN);
  state.forEach((v, k) => {
    code.push(...vector(IN, k));
    if (withSecond) code.push(...vector(IN2, k), ...simd.xor);
    code.push(op.set, v);
  });
  code.push(op.get, R, op.i32Const, 1, op.i32Shl, op.set, BLOCKS);
  code.push(op.i32Const, 0, op.set, I, op.get, SRC, op.set, IN);
  if (withSecond) code.push(op.get, SRC2, op.set, IN2);
  code.push(op.loop, EMPTY);
  // out = dst + 64 × (i/2 + (i odd ? r : 0))
  code.push(op.get, DST, op.get, I, op.i32Const, 1, op.i32ShrU, op.get, I, op.i32Const, 1, op.i32And);
  code.push(op.get, R, op.i32Mul, op.i32Add, op.i32Const, 6, op.i32Shl, op.i32Add, op.set, OUT);
  // state ^= block i, kept for the addition after the rounds
  state.forEach((v, k) => {
    code.push(op.get, v, ...vector(IN, k), ...simd.xor);
    if (withSecond) code.push(...vector(IN2, k), ...simd.xor);
    code.push(op.tee, v, op.set, saved[k]);
  });
  code.push(...salsa208(A, B, C, D, T));
  state.forEach((v, k) => {
    code.push(op.get, OUT, op.get, v, op.get, saved[k], ...simd.i32x4Add, op.tee, v, ...simd.store(16 * k));
  });
  code.push(op.get, IN, op.i32Const, ...sleb(64), op.i32Add, op.set, IN);
  if (withSecond) code.push(op.get, IN2, op.i32Const, ...sleb(64), op.i32Add, op.set, IN2);
  code.push(op.get, I, op.i32Const, 1, op.i32Add, op.tee, I, op.get, BLOCKS, op.i32LtU, op.brIf, 0);
  code.push(op.end, op.end);
  return body(
    [
      [5, I32],
      [9, V128],
    ],
    code,
  );
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
    ...section(SECTION.export, vec([[...name("romix"), EXPORT_FUNC, 2]])),
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
