import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KnownBlobs } from "./known-blobs";

const id = (s: string) => createHash("sha256").update(s).digest();

describe("KnownBlobs", () => {
  it("holds exactly the IDs it was built from", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => id(`blob ${i}`));
    const known = KnownBlobs.build(
      ids.slice(0, 2500).map((b) => b.toString("hex")),
      2500,
    );
    for (const b of ids.slice(0, 2500)) expect(known.has(b)).toBe(true);
    for (const b of ids.slice(2500)) expect(known.has(b)).toBe(false);
  });

  it("tells apart IDs that land in the same slot and wraps around the table's end", () => {
    // 16 slots: IDs whose first word is 15 all start probing at the last slot.
    const sameStart = Array.from({ length: 6 }, (_, i) => {
      const b = Buffer.alloc(32, i + 1);
      b.writeUInt32LE(15, 0);
      return b;
    });
    const known = KnownBlobs.build(
      sameStart.slice(0, 5).map((b) => b.toString("hex")),
      5,
    );
    for (const b of sameStart.slice(0, 5)) expect(known.has(b)).toBe(true);
    expect(known.has(sameStart[5])).toBe(false);
  });

  it("keeps the all-zero ID apart from empty slots", () => {
    const zero = Buffer.alloc(32);
    expect(KnownBlobs.build([], 0).has(zero)).toBe(false);
    expect(KnownBlobs.build([zero.toString("hex")], 1).has(zero)).toBe(true);
  });

  it("is read through the shared buffer alone, as a worker thread sees it", () => {
    const a = id("a");
    const shared = KnownBlobs.build([a.toString("hex")], 1).buffer;
    const seen = new KnownBlobs(shared);
    expect(seen.has(a)).toBe(true);
    expect(seen.has(id("b"))).toBe(false);
  });

  it("refuses more IDs than it was sized for, and IDs that are not 32 bytes", () => {
    const ids = Array.from({ length: 9 }, (_, i) => id(`${i}`).toString("hex"));
    expect(() => KnownBlobs.build(ids, 1)).toThrow(/sized/);
    expect(() => KnownBlobs.build(["abcd"], 1)).toThrow(/not a blob ID/);
  });
});
