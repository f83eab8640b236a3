// The pieces of WebAssembly's binary format that the engine's hand-emitted modules use
// (chunker-wasm.ts, scrypt/romix-wasm.ts): LEB128 numbers, sections, vectors, names, the
// opcodes, and a module with functions of i32 parameters. Emitting bytes from TypeScript keeps
// a compiler and committed binaries out of the repository.

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
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

export const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
export const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
export const name = (s: string) => [...uleb(s.length), ...Buffer.from(s)];
/** A load or store with its alignment (log2 bytes) and constant offset. */
export const mem = (opcode: number, align: number, offset: number) => [opcode, align, ...uleb(offset)];
/** A function body: its locals as [count, type] runs, then the code (ending with op.end). */
export const body = (locals: [number, number][], code: number[]) => {
  const bytes = [...vec(locals), ...code];
  return [...uleb(bytes.length), ...bytes];
};

export const I32 = 0x7f;
export const I64 = 0x7e;
export const V128 = 0x7b;
/** The block type of a block or loop that leaves nothing on the stack. */
export const EMPTY = 0x40;
export const MAGIC_AND_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
export const SECTION = { type: 1, import: 2, function: 3, memory: 5, export: 7, code: 10 } as const;
export const EXPORT_FUNC = 0x00;
export const EXPORT_MEMORY = 0x02;

export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  brIf: 0x0d,
  return: 0x0f,
  call: 0x10,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  i32Load: 0x28,
  i64Load: 0x29,
  i32Load8u: 0x2d,
  i64Store: 0x37,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  i64Or: 0x84,
  i64Xor: 0x85,
  i64Shl: 0x86,
  i64ShrU: 0x88,
  i32WrapI64: 0xa7,
  i64ExtendI32U: 0xad,
} as const;

/** SIMD (128-bit) instructions: the 0xfd prefix, then the instruction's number as LEB128. */
export const simd = {
  load: (offset: number) => [0xfd, 0x00, 4, ...uleb(offset)],
  store: (offset: number) => [0xfd, 0x0b, 4, ...uleb(offset)],
  /** i32x4 lanes of one vector, reordered: output lane i is input lane lanes[i]. */
  i32x4Permute: (lanes: [number, number, number, number]) => [
    0xfd,
    0x0d,
    ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]),
  ],
  xor: [0xfd, 0x51],
  i32x4Shl: [0xfd, ...uleb(171)],
  i32x4ShrU: [0xfd, ...uleb(173)],
  i32x4Add: [0xfd, ...uleb(174)],
} as const;
