// Reading a chat turn's streamed answer outside a browser (the terminal chat, tests): the UI
// message stream's server-sent events become the assembled assistant message, its error texts,
// and, as they arrive, each chunk for whoever prints progressively.
import { readUIMessageStream, type UIMessage, type UIMessageChunk } from "ai";

export interface ReadTurn {
  message: UIMessage | undefined;
  errors: string[];
}

export async function readTurn(
  response: Response,
  options: { continues?: UIMessage; onChunk?: (chunk: UIMessageChunk) => void } = {},
): Promise<ReadTurn> {
  const errors: string[] = [];
  let buffer = "";
  const chunks = (response.body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
    .pipeThrough(
      new TransformStream<string, UIMessageChunk>({
        transform(text, controller) {
          buffer += text;
          const events = buffer.split("\n\n");
          buffer = events.pop() ?? "";
          for (const event of events) {
            const data = event.replace(/^data: /, "").trim();
            if (!data || data === "[DONE]") continue;
            const chunk = JSON.parse(data) as UIMessageChunk;
            if (chunk.type === "error") errors.push(chunk.errorText);
            options.onChunk?.(chunk);
            controller.enqueue(chunk);
          }
        },
      }),
    );
  let message: UIMessage | undefined;
  // A decision continues the last assistant message: the stream only adds to it.
  const start = options.continues ? structuredClone(options.continues) : undefined;
  for await (const m of readUIMessageStream({ message: start, stream: chunks, onError: () => undefined })) {
    message = m;
  }
  return { message, errors };
}
