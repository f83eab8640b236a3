// Runs an async step over many items with a bounded number in flight: deleting hundreds of packs
// one round trip at a time is what makes prune slow on object storage.
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  step: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await step(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
