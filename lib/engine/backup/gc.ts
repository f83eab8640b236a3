// V8 frees a Buffer's memory only when a garbage collection finds it dead, and it lets dead
// Buffers pile up to tens of MB per thread before collecting. A backup pushes blobs of up to
// 8 MiB through three threads (read copy, compressed, sealed, pack), so dead Buffers, not live
// data, made most of its peak memory. Collecting after every few dozen MB processed keeps
// memory close to what is actually in flight, for a few ms of GC per collection.
import v8 from "node:v8";
import vm from "node:vm";

let gc: (() => void) | null | undefined;

function loadGc(): (() => void) | null {
  const global = (globalThis as { gc?: () => void }).gc;
  if (global) return global;
  try {
    // The flag only makes new contexts get `gc`; the process's own global is unchanged.
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as () => void;
  } catch {
    return null; // without it, V8 collects on its own schedule
  }
}

/** Returns `count(bytes)`: runs a full collection whenever `every` more bytes went by. */
export function collectEvery(every: number): (bytes: number) => void {
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since < every) return;
    since = 0;
    if (gc === undefined) gc = loadGc();
    gc?.();
  };
}
