// V8 frees a Buffer's memory only when a garbage collection finds it dead, and it lets dead
// Buffers pile up to tens of MB per thread before collecting. A backup pushes blobs of up to
// 8 MiB through three threads (read copy, compressed, sealed, pack), so dead Buffers, not live
// data, made most of its peak memory. Collecting after every few dozen MB processed keeps
// memory close to what is actually in flight, for a few ms of GC per collection.
import v8 from "node:v8";
import vm from "node:vm";

type Gc = (options?: { type: "minor" | "major" }) => void;
let gc: Gc | null | undefined;

function loadGc(): Gc | null {
  const global = (globalThis as { gc?: Gc }).gc;
  if (global) return global;
  try {
    // The flag only makes new contexts get `gc`; the process's own global is unchanged.
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as Gc;
  } catch {
    return null; // without it, V8 collects on its own schedule
  }
}

/**
 * Returns `count(bytes)`: runs a collection whenever `every` more bytes went by. A "minor" one
 * looks only at the young generation, where a Buffer that lived for one call dies: ~0.1 ms,
 * against a few ms for a full one, which also throws away optimised code that refers to dead
 * objects. It frees nothing that lived long enough to be promoted.
 */
export function collectEvery(every: number, type: "minor" | "major" = "major"): (bytes: number) => void {
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since < every) return;
    since = 0;
    if (gc === undefined) gc = loadGc();
    gc?.(type === "minor" ? { type } : undefined);
  };
}

/**
 * Returns `check()`: runs a full collection when the heap has grown by `growth` bytes since the
 * last one it ran (or since it was made). Call it every so often; it reads V8's heap figures,
 * a few microseconds. V8's own limit lets a heap that held short-lived objects (decoded parent
 * trees, messages) grow to tens of MB of dead objects before it collects.
 */
export function collectOnGrowth(growth: number): () => void {
  let base = v8.getHeapStatistics().used_heap_size;
  return () => {
    if (v8.getHeapStatistics().used_heap_size < base + growth) return;
    if (gc === undefined) gc = loadGc();
    gc?.();
    base = v8.getHeapStatistics().used_heap_size;
  };
}

/**
 * Frees a Buffer's memory at the next collection of the young generation, even if the Buffer
 * itself lived long enough to be promoted (which only a full collection would find dead): its
 * memory moves to a new ArrayBuffer that nothing refers to. The Buffer, and every other view
 * of the same memory, is empty afterwards, so only a Buffer that owns all of its ArrayBuffer
 * is retired, and only by the last code that reads it.
 */
export function retire(buffer: Buffer): void {
  const memory = buffer.buffer;
  if (!(memory instanceof ArrayBuffer)) return;
  if (buffer.byteOffset !== 0 || buffer.byteLength !== memory.byteLength) return;
  structuredClone(memory, { transfer: [memory] });
}
