// A blob's `release` tells its owner that the pack will not read the blob's bytes again (the
// backup then frees them at once): it must come only after those bytes were written.
import { describe, expect, it } from "vitest";
import type { Backend, PartialFile } from "./backend/backend";
import { randomMasterKey } from "./crypto";
import { openPack } from "./pack-stream";

const key = randomMasterKey();
const MiB = 1024 * 1024;

/** A backend whose appends (or whole writes) finish only when the test lets them. */
function slowBackend(streamed: boolean) {
  const written: Buffer[] = [];
  const waiting: (() => void)[] = [];
  const later = () => new Promise<void>((resolve) => waiting.push(resolve));
  const partial: PartialFile = {
    append: async (parts) => {
      await later();
      written.push(...parts.map((p) => Buffer.from(p)));
    },
    commit: async () => {},
    abort: async () => {},
  };
  const backend = {
    createPartial: streamed ? async () => partial : undefined,
    write: async (_type: string, _name: string, bytes: Buffer) => {
      await later();
      written.push(Buffer.from(bytes));
    },
  } as unknown as Backend;
  const finishOne = async () => {
    for (let i = 0; i < 20 && waiting.length === 0; i++) await new Promise((r) => setImmediate(r));
    waiting.shift()?.();
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  return { backend, written, finishOne };
}

describe("open packs release a blob's bytes only once they are written", () => {
  for (const streamed of [true, false]) {
    it(streamed ? "streamed to a partial file" : "kept whole in memory", async () => {
      const { backend, written, finishOne } = slowBackend(streamed);
      const pack = openPack(backend);
      const released: number[] = [];
      const blob = (n: number) => Buffer.alloc(MiB + 100, n);
      // Two 1 MiB blobs fill a batch (2 MiB); the third starts the next.
      for (const n of [1, 2, 3]) {
        await pack.add("data", String(n).repeat(64), blob(n), 0, () => {
          // Whatever was written so far holds this blob's bytes.
          expect(written.some((w) => w.includes(blob(n).subarray(0, 1000)))).toBe(true);
          released.push(n);
        });
      }
      if (streamed) {
        await finishOne(); // the first batch's append
        expect(released).toEqual([1, 2]);
      } else {
        expect(released).toEqual([]);
      }
      const closing = pack.close(key);
      await finishOne();
      await closing;
      expect(released).toEqual([1, 2, 3]);
    });
  }

  it("never releases what a discarded pack held", async () => {
    const { backend } = slowBackend(false);
    const pack = openPack(backend);
    let released = false;
    await pack.add("data", "a".repeat(64), Buffer.alloc(10), 0, () => (released = true));
    await pack.discard();
    expect(released).toBe(false);
  });
});
