import { constants } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { collectEvery, collectOnGrowth, retire } from "./gc";
import { forcedCollections } from "./gc.fixture";

describe("collectEvery", () => {
  it("collects once every so many bytes, fully by default", async () => {
    const count = collectEvery(32 * 1024 * 1024);
    expect(await forcedCollections(() => count(16 * 1024 * 1024))).toEqual([]);
    expect(await forcedCollections(() => count(16 * 1024 * 1024))).toEqual([
      constants.NODE_PERFORMANCE_GC_MAJOR,
    ]);
    expect(await forcedCollections(() => count(31 * 1024 * 1024))).toEqual([]);
  });

  it("collects only the young generation when asked for minor collections", async () => {
    const count = collectEvery(8 * 1024 * 1024, "minor");
    expect(await forcedCollections(() => count(9 * 1024 * 1024))).toEqual([
      constants.NODE_PERFORMANCE_GC_MINOR,
    ]);
  });
});

describe("collectOnGrowth", () => {
  it("collects fully once the heap grew by the given amount since its last collection", async () => {
    const check = collectOnGrowth(4 * 1024 * 1024);
    expect(await forcedCollections(() => check())).toEqual([]);
    // ~8 MB of objects on V8's heap, kept alive across the check.
    const grown = Array.from({ length: 100_000 }, (_, i) => ({ i, text: `entry ${i}`.repeat(4) }));
    expect(await forcedCollections(() => check())).toEqual([constants.NODE_PERFORMANCE_GC_MAJOR]);
    expect(await forcedCollections(() => check())).toEqual([]);
    expect(grown.length).toBe(100_000);
  });
});

describe("retire", () => {
  const MiB = 1024 * 1024;
  const minor = collectEvery(1, "minor");
  const major = collectEvery(1);

  /**
   * Promotes 16 MiB of Buffers, drops them (after `before`), collects the young generation:
   * bytes freed. (Little enough that V8 does not start a full collection of its own.)
   */
  async function freedByMinorCollection(before: (held: Buffer[]) => void): Promise<number> {
    const held = Array.from({ length: 16 }, () => Buffer.allocUnsafeSlow(MiB).fill(1));
    // Survivors of two young collections are promoted; a full one moves any left over.
    for (let i = 0; i < 3; i++) minor(1);
    major(1);
    minor(1);
    const alive = process.memoryUsage().arrayBuffers;
    before(held);
    held.length = 0;
    minor(1);
    await new Promise((r) => setTimeout(r, 50)); // backing stores may be freed off-thread
    return alive - process.memoryUsage().arrayBuffers;
  }

  it("frees a promoted Buffer's memory at the next young-generation collection", async () => {
    // Without retire the 16 MiB wait for a full collection; with it they are gone.
    expect(await freedByMinorCollection(() => {})).toBeLessThan(2 * MiB);
    expect(await freedByMinorCollection((held) => held.forEach(retire))).toBeGreaterThan(14 * MiB);
  });

  it("leaves alone a Buffer that shares its memory (Node's pool, a view)", () => {
    const pooled = Buffer.from("small");
    const whole = Buffer.allocUnsafeSlow(64);
    const view = whole.subarray(8, 16);
    retire(pooled);
    retire(view);
    expect(pooled.toString()).toBe("small");
    expect(whole.length).toBe(64);
    retire(whole);
    expect(whole.length).toBe(0);
  });
});
