import { constants, PerformanceObserver } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { collectEvery } from "./gc";

/** The forced collections (the ones gc() starts) V8 reports while `work` runs, by kind. */
async function forcedCollections(work: () => void): Promise<number[]> {
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const detail = (e as unknown as { detail: { kind: number; flags: number } }).detail;
      if (detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) kinds.push(detail.kind);
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  work();
  await new Promise((r) => setTimeout(r, 50));
  observer.disconnect();
  return kinds;
}

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
