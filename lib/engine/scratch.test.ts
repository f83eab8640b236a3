import { describe, expect, it } from "vitest";
import { Scratch } from "./scratch";

describe("Scratch", () => {
  it("keeps its memory while sizes fit and grows when they do not", () => {
    const scratch = new Scratch();
    const a = scratch.take(1000);
    expect(a.length).toBe(1000);
    expect(scratch.take(200_000).buffer).toBe(a.buffer);
    const big = scratch.take(5_000_000);
    expect(big.length).toBe(5_000_000);
    expect(big.buffer).not.toBe(a.buffer);
    expect(scratch.take(10).buffer).toBe(big.buffer);
  });
});
