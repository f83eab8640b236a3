// For tests: which collections were forced on this thread (the ones gc() starts) while `work`
// ran, by V8's kind (constants.NODE_PERFORMANCE_GC_MAJOR, _MINOR, …).
import { constants, PerformanceObserver } from "node:perf_hooks";

export async function forcedCollections(work: () => unknown): Promise<number[]> {
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const detail = (e as unknown as { detail: { kind: number; flags: number } }).detail;
      if (detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) kinds.push(detail.kind);
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  await work();
  await new Promise((r) => setTimeout(r, 50));
  observer.disconnect();
  return kinds;
}
