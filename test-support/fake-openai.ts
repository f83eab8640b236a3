// A small OpenAI-compatible server on loopback for tests: it answers POST /v1/chat/completions with
// a streamed reply the test scripts (text, tool calls, an HTTP error, or silence), and keeps every
// request body, so a test can see exactly what a model would have been sent.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeReply =
  | { text?: string; toolCalls?: { name: string; args: Record<string, unknown> }[] }
  | { status: number }
  | { hang: true };

export interface FakeRequest {
  raw: string;
  body: {
    model?: string;
    messages?: { role: string; content?: unknown; tool_calls?: unknown[] }[];
    tools?: unknown[];
  };
}

export interface FakeOpenAI {
  url: string;
  requests: FakeRequest[];
  /** The next replies, in order; when empty, `fallback` answers. */
  replies: FakeReply[];
  fallback: (request: FakeRequest) => FakeReply;
  close(): Promise<void>;
}

let callCounter = 0;

export async function startFakeOpenAI(port = 0): Promise<FakeOpenAI> {
  const hanging = new Set<http.ServerResponse>();
  const fake: FakeOpenAI = {
    url: "",
    requests: [],
    replies: [],
    fallback: () => ({ text: "OK." }),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res.writeHead(404).end();
        return;
      }
      const request: FakeRequest = { raw, body: JSON.parse(raw) };
      fake.requests.push(request);
      const reply = fake.replies.shift() ?? fake.fallback(request);
      if ("hang" in reply) {
        hanging.add(res);
        res.writeHead(200, { "content-type": "text/event-stream" });
        return;
      }
      if ("status" in reply) {
        res.writeHead(reply.status, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "fake failure", type: "server_error" } }));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const base = {
        id: "chatcmpl-fake",
        object: "chat.completion.chunk",
        created: 1,
        model: request.body.model,
      };
      const send = (choice: Record<string, unknown>) =>
        res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, ...choice }] })}\n\n`);
      send({ delta: { role: "assistant", content: "" }, finish_reason: null });
      if (reply.text) {
        for (const word of reply.text.split(/(?<= )/))
          send({ delta: { content: word }, finish_reason: null });
      }
      (reply.toolCalls ?? []).forEach((call, index) => {
        const args = JSON.stringify(call.args);
        const id = `call_${++callCounter}_${call.name}`;
        send({
          delta: {
            tool_calls: [{ index, id, type: "function", function: { name: call.name, arguments: "" } }],
          },
          finish_reason: null,
        });
        // Arguments arrive in pieces, as real servers stream them.
        for (let i = 0; i < args.length; i += 16) {
          send({
            delta: { tool_calls: [{ index, function: { arguments: args.slice(i, i + 16) } }] },
            finish_reason: null,
          });
        }
      });
      send({ delta: {}, finish_reason: reply.toolCalls?.length ? "tool_calls" : "stop" });
      res.write("data: [DONE]\n\n");
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
