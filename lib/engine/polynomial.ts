// Polynomials over GF(2) as bigint bit patterns, for the chunker's Rabin fingerprint
// (RESTIC-FORMAT.md §12). Every repository open checks the polynomial, as restic does, before
// anything else can start: kept to a few ms (a first, unoptimised call took ~15 ms before).
import { randomBytes } from "node:crypto";
import { EngineError } from "./errors";

export const POLYNOMIAL_DEGREE = 53;

export function degree(x: bigint): number {
  if (x === 0n) return -1;
  let d = 0;
  for (; x >> 32n !== 0n; x >>= 32n) d += 32;
  return d + 31 - Math.clz32(Number(x));
}

export function polyMod(x: bigint, p: bigint): bigint {
  const dp = degree(p);
  let dx = degree(x);
  while (dx >= dp) {
    x ^= p << BigInt(dx - dp);
    dx = degree(x);
  }
  return x;
}

/** a·b mod p, reducing as it goes (Horner over b's bits) so nothing outgrows p. */
function mulMod(a: bigint, b: bigint, p: bigint): bigint {
  const top = 1n << BigInt(degree(p));
  const x = polyMod(a, p);
  let result = 0n;
  for (let bit = degree(b); bit >= 0; bit--) {
    result <<= 1n;
    if (result & top) result ^= p;
    if ((b >> BigInt(bit)) & 1n) result ^= x;
  }
  return result;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, polyMod(a, b)];
  return a;
}

/**
 * Ben-Or's test, as restic's chunker uses: gcd(p, x^(2^i) − x mod p) = 1 for i ≤ deg/2. Each
 * x^(2^i) is the square of the one before (restic squares from x again for every i).
 */
export function isIrreducible(p: bigint): boolean {
  const d = degree(p);
  if (d < 1) return false;
  let power = polyMod(2n, p); // x
  for (let i = 1; i <= Math.floor(d / 2); i++) {
    power = mulMod(power, power, p);
    if (gcd(p, polyMod(power ^ 2n, p)) !== 1n) return false;
  }
  return true;
}

/** A random irreducible polynomial of degree 53, chosen the way `restic init` chooses one. */
export function randomPolynomial(): bigint {
  for (let attempt = 0; attempt < 1_000_000; attempt++) {
    let p = randomBytes(8).readBigUInt64LE(0);
    p &= (1n << 54n) - 1n;
    p |= (1n << 53n) | 1n;
    if (isIrreducible(p)) return p;
  }
  throw new EngineError("unsupported", "unable to find an irreducible polynomial");
}

export function formatPolynomial(p: bigint): string {
  return p.toString(16);
}

export function parsePolynomial(hex: string): bigint {
  if (!/^[0-9a-fA-F]{1,16}$/.test(hex))
    throw new EngineError("corrupt", `invalid chunker polynomial "${hex}"`);
  return BigInt(`0x${hex}`);
}
