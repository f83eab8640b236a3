// Server-sent events of job changes: one "job" event per change (status, progress, log growth),
// from whichever process made it (see lib/jobs/events.ts). A comment line every 15 s keeps
// proxies from closing an idle stream; the browser's EventSource reconnects by itself.
import { getDbHandle } from "@/db";
import { guardRoute } from "@/lib/auth/guard";
import { subscribeJobEvents } from "@/lib/jobs/events";

export const dynamic = "force-dynamic";

export const GET = guardRoute("viewer", async (_ctx, request) => {
  const handle = await getDbHandle();
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = await subscribeJobEvents(handle, (event) =>
        send(`event: job\ndata: ${JSON.stringify(event)}\n\n`),
      );
      const keepAlive = setInterval(() => send(": keep-alive\n\n"), 15_000);
      cleanup = () => {
        clearInterval(keepAlive);
        unsubscribe();
      };
      request.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      send("retry: 3000\n: connected\n\n");
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
