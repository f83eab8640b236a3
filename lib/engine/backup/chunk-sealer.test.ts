// The workers' sealer must store exactly what prepareBlob() stores (same compression choice,
// same zstd frame), only with fewer intermediate buffers.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prepareBlob } from "../blob";
import { open, randomMasterKey } from "../crypto";
import { decompress } from "../zstd";
import { createChunkSealer, type SealedChunk } from "./chunk-sealer";

/** The bytes a pack stores for the chunk: IV, ciphertext, MAC. */
const joined = (s: SealedChunk) =>
  Buffer.concat([s.ivMac.subarray(0, 16), s.ciphertext, s.ivMac.subarray(16)]);

const key = randomMasterKey();
const samples = {
  random: randomBytes(1 << 20),
  text: Buffer.from("a log line that compresses well\n".repeat(40_000)),
  empty: Buffer.alloc(0),
  largest: randomBytes(8 << 20),
};

describe("chunk sealer", () => {
  for (const mode of ["auto", "off", "max"] as const) {
    for (const version of [1, 2] as const) {
      it(`seals like prepareBlob (compression ${mode}, repository v${version})`, () => {
        const sealChunk = createChunkSealer(key, mode, version);
        for (const [name, data] of Object.entries(samples)) {
          const ours = sealChunk(data);
          const reference = prepareBlob(key, "data", data, mode, version);
          expect(ours.uncompressedLength, name).toBe(reference.uncompressedLength);
          const stored = open(key, joined(ours));
          expect(joined(ours).length, name).toBe(reference.sealed.length);
          expect(stored.equals(open(key, reference.sealed)), name).toBe(true);
          expect((ours.uncompressedLength ? decompress(stored) : stored).equals(data), name).toBe(true);
        }
      });
    }
  }

  it("reuses its scratch buffer safely: earlier results stay intact", () => {
    const sealChunk = createChunkSealer(key, "auto", 2);
    const first = sealChunk(samples.text);
    sealChunk(samples.random);
    expect(decompress(open(key, joined(first))).equals(samples.text)).toBe(true);
  });
});
