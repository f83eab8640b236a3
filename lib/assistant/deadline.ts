// A model that stalls must end in a message, not a hang and not a silent stop. The SDK's own
// timeout aborts the answer, which the browser shows as a stop; this middleware instead fails the
// model's stream with a ModelTimeoutError when the first byte or the next chunk is late, and closes
// the connection, so the chat's error handler says in words what happened.
import type {
  LanguageModelV3,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
} from "@ai-sdk/provider";
import { type LanguageModel, wrapLanguageModel } from "ai";

export class ModelTimeoutError extends Error {
  constructor(readonly waitedMs: number) {
    super(`the model sent nothing for ${Math.round(waitedMs / 1000)} s`);
    this.name = "ModelTimeoutError";
  }
}

export interface Deadlines {
  /** Until the model's answer starts. */
  firstMs: number;
  /** Between two pieces of the answer. */
  chunkMs: number;
}

export function withDeadlines(model: LanguageModel, limits: Deadlines): LanguageModel {
  if (typeof model === "string" || model.specificationVersion !== "v3") return model;
  return wrapLanguageModel({
    model: model as LanguageModelV3,
    middleware: {
      specificationVersion: "v3",
      wrapStream: async ({ model: inner, params }) => {
        const stop = new AbortController();
        const signal = params.abortSignal ? AbortSignal.any([params.abortSignal, stop.signal]) : stop.signal;
        let timer: NodeJS.Timeout | undefined;
        const within = <T>(promise: PromiseLike<T>, ms: number) =>
          new Promise<T>((resolve, reject) => {
            timer = setTimeout(() => {
              stop.abort();
              reject(new ModelTimeoutError(ms));
            }, ms);
            promise.then(resolve, reject);
          }).finally(() => clearTimeout(timer));
        const started: LanguageModelV3StreamResult = await within(
          inner.doStream({ ...params, abortSignal: signal }),
          limits.firstMs,
        );
        const reader = started.stream.getReader();
        const stream = new ReadableStream<LanguageModelV3StreamPart>({
          async pull(controller) {
            try {
              const next = await within(reader.read(), limits.chunkMs);
              if (next.done) controller.close();
              else controller.enqueue(next.value);
            } catch (error) {
              stop.abort();
              controller.error(error);
            }
          },
          cancel(reason) {
            clearTimeout(timer);
            stop.abort();
            return reader.cancel(reason);
          },
        });
        return { ...started, stream };
      },
    },
  });
}
