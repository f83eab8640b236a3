import { describe, expect, it } from "vitest";
import { openBlobBytes, prepareBlob } from "./blob";
import { randomMasterKey } from "./crypto";
import { isEngineError } from "./errors";
import { Scratch } from "./scratch";

const key = randomMasterKey();
const text = Buffer.from("the orders database, as it was before 14:00 yesterday\n".repeat(4000));

describe("openBlobBytes with a scratch buffer", () => {
  it("decompresses into the scratch and returns the same bytes as without it", () => {
    const blob = prepareBlob(key, "data", text, "auto", 2);
    expect(blob.uncompressedLength).toBe(text.length);
    expect(blob.sealed.length).toBeLessThan(text.length / 10);
    const scratch = new Scratch();
    const plain = openBlobBytes(key, "data", blob.id, blob.sealed, blob.uncompressedLength, "p", scratch);
    expect(plain.equals(text)).toBe(true);
    // The result is a view of the scratch: the next blob reuses that memory.
    expect(plain.buffer).toBe(scratch.take(1).buffer);
    const again = openBlobBytes(key, "data", blob.id, blob.sealed, blob.uncompressedLength, "p");
    expect(again.equals(text)).toBe(true);
  });

  it("reads uncompressed blobs as they are", () => {
    const blob = prepareBlob(key, "data", text, "off", 2);
    expect(blob.uncompressedLength).toBe(0);
    const plain = openBlobBytes(key, "data", blob.id, blob.sealed, 0, "p", new Scratch());
    expect(plain.equals(text)).toBe(true);
  });

  it("reports content longer or shorter than the index says as corrupt, naming blob and pack", () => {
    const blob = prepareBlob(key, "data", text, "auto", 2);
    for (const length of [text.length - 1, text.length + 1]) {
      let caught: unknown;
      try {
        openBlobBytes(key, "data", blob.id, blob.sealed, length, "pack-1", new Scratch());
      } catch (err) {
        caught = err;
      }
      expect(isEngineError(caught, "corrupt")).toBe(true);
      expect((caught as Error).message).toContain(blob.id);
      expect((caught as Error).message).toContain("pack-1");
    }
  });
});

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
