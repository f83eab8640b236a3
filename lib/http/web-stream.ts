// A Node Readable as a web ReadableStream for a Response body, safe against a client that goes
// away. Node's Readable.toWeb enqueues into or closes a controller that the cancel already closed
// when the source is destroyed mid-flight, which surfaces as an uncaughtException ("Invalid
// state: Controller is already closed") on every aborted download. Here every controller call
// is guarded by one flag, and cancel destroys the source so the engine stops reading packs.
import type { Readable } from "node:stream";

export function toWebStream(source: Readable): ReadableStream<Uint8Array> {
  let finished = false;
  const finish = (action: () => void) => {
    if (finished) return;
    finished = true;
    try {
      action();
    } catch {
      // The consumer is gone; nothing is left to tell.
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        source.pause();
        source.on("data", (chunk: Buffer) => {
          if (finished) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) source.pause();
        });
        source.once("end", () => finish(() => controller.close()));
        source.once("error", (error) => finish(() => controller.error(error)));
        // Destroyed without an end (the download was aborted): the body ends in an error.
        source.once("close", () => finish(() => controller.error(new Error("download aborted"))));
      },
      pull() {
        if (!finished) source.resume();
      },
      cancel() {
        finished = true;
        source.destroy();
      },
    },
    { highWaterMark: 4 },
  );
}
