// A count of the changes this process made to what the dashboard shows, or heard of: reads that
// many requests share (lib/services/shared-reads.ts) are good only while it stays the same.
// Kept on globalThis: the job runtime is loaded outside Next's bundle (lib/load-unbundled.ts),
// with module instances of its own, and must move the same count.
const key = Symbol.for("lifeboat.dataChanges");
const store = globalThis as typeof globalThis & { [key]?: { count: number } };
store[key] ??= { count: 0 };
const counter = store[key];

export function noteDataChange(): void {
  counter.count++;
}

export function dataChangeCount(): number {
  return counter.count;
}
