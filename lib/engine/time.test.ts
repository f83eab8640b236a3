import { describe, expect, it } from "vitest";
import { formatGoTimeNs, parseGoTimeNs } from "./time";

describe("Go's RFC 3339 times", () => {
  it("round-trip to the nanosecond, before 1970 too", () => {
    const samples = [0n, 1n, -1n, 999_999_999n, -999_999_999n, -1_000_000_000n, 1_700_000_000_123_456_789n];
    for (let i = 0; i < 5000; i++) {
      const seconds = BigInt(Math.floor((Math.random() - 0.3) * 4e9));
      samples.push(seconds * 1_000_000_000n + BigInt(Math.floor(Math.random() * 1e9)));
    }
    for (const ns of samples) expect(parseGoTimeNs(formatGoTimeNs(ns))).toBe(ns);
  });

  it("write the fraction without trailing zeros, and none for whole seconds", () => {
    expect(formatGoTimeNs(1_700_000_000_000_000_000n)).toMatch(/T\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    expect(formatGoTimeNs(1_700_000_000_500_000_000n)).toMatch(/:\d\d\.5(Z|[+-]\d\d:\d\d)$/);
    expect(formatGoTimeNs(1_700_000_000_000_000_120n)).toMatch(/:\d\d\.00000012(Z|[+-]\d\d:\d\d)$/);
    // The same second twice (the second from the cache) reads the same.
    expect(formatGoTimeNs(1_700_000_000_000_000_120n)).toBe(formatGoTimeNs(1_700_000_000_000_000_120n));
  });
});
