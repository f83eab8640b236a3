// The learned examples as a download: GET /api/assistant/examples, one JSON object per line in the
// chat fine-tuning format of OpenAI-compatible services. Admins only (the requests are the
// organisation's own words and name its inventory). Streamed page by page from the database.
import { guardRoute } from "@/lib/auth/guard";
import { exportExamples } from "@/lib/services/assistant-examples";

export const dynamic = "force-dynamic";

export const GET = guardRoute("admin", async (ctx, request) => {
  const lines = (await exportExamples(ctx))[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return?.();
    },
  });
  request.signal?.addEventListener("abort", () => void lines.return?.(), { once: true });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "application/jsonl; charset=utf-8",
      "content-disposition": `attachment; filename="lifeboat-examples-${day}.jsonl"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
