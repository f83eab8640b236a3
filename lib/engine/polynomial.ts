// Polynomials over GF(2) as bigint bit patterns, for the chunker's Rabin fingerprint
// (RESTIC-FORMAT.md §12). Only repository creation and loading use this, so clarity wins over speed.
import { randomBytes } from "node:crypto";
import { EngineError } from "./errors";

export const POLYNOMIAL_DEGREE = 53;

export function degree(x: bigint): number {
  return x === 0n ? -1 : x.toString(2).length - 1;
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

function mulMod(a: bigint, b: bigint, p: bigint): bigint {
  let product = 0n;
  for (let bit = 0; b >> BigInt(bit) !== 0n; bit++) {
    if ((b >> BigInt(bit)) & 1n) product ^= a << BigInt(bit);
  }
  return polyMod(product, p);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, polyMod(a, b)];
  return a;
}

/** x^(2^k) + x mod p, by repeated squaring. */
function qp(k: number, p: bigint): bigint {
  let res = 2n;
  for (let i = 0; i < k; i++) res = mulMod(res, res, p);
  return polyMod(res ^ 2n, p);
}

/** Ben-Or's test, as restic's chunker uses: gcd(p, x^(2^i) − x mod p) = 1 for i ≤ deg/2. */
export function isIrreducible(p: bigint): boolean {
  const d = degree(p);
  if (d < 1) return false;
  for (let i = 1; i <= Math.floor(d / 2); i++) {
    if (gcd(p, qp(i, p)) !== 1n) return false;
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
