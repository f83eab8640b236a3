import { describe, expect, it } from "vitest";
import { degree, isIrreducible, randomPolynomial } from "./polynomial";

describe("chunker polynomials", () => {
  it("accepts irreducible polynomials restic uses and rejects products", () => {
    // The polynomial restic's chunker tests use, and one a restic 0.14 repository chose here.
    expect(isIrreducible(0x3da3358b4dc173n)).toBe(true);
    expect(isIrreducible(0x3ecc823a869299n)).toBe(true);
    // (x+1)·(x^52+1) has a factor, and so does any polynomial without a constant term.
    expect(isIrreducible(0x3n * 0x10000000000001n)).toBe(false);
    expect(isIrreducible(0x3da3358b4dc172n)).toBe(false);
  });

  it("draws random irreducible polynomials of degree 53", () => {
    const seen = new Set<bigint>();
    for (let i = 0; i < 5; i++) {
      const p = randomPolynomial();
      expect(degree(p)).toBe(53);
      expect(isIrreducible(p)).toBe(true);
      seen.add(p);
    }
    expect(seen.size).toBe(5);
  });
});
