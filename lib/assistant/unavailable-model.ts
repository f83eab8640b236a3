// Stands in for the offline planner until it is merged: a model that answers every request with
// one sentence saying so (and never calls a tool), so a chat without a key is honest, not broken.
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";

export const UNAVAILABLE_TEXT =
  "The offline planner is not available in this build yet. Set OPENAI_API_KEY (and OPENAI_BASE_URL for a self-hosted server such as Ollama) to use a model.";

const usage: LanguageModelV3Usage = {
  inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 0, text: 0, reasoning: 0 },
};

export class UnavailablePlannerModel implements LanguageModelV3 {
  readonly specificationVersion = "v3" as const;
  readonly provider = "lifeboat";
  readonly modelId = "offline-planner-unavailable";
  readonly supportedUrls = {};

  async doGenerate(_options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    return {
      content: [{ type: "text", text: UNAVAILABLE_TEXT }],
      finishReason: { unified: "stop", raw: "stop" },
      usage,
      warnings: [],
    };
  }

  async doStream(_options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const parts: LanguageModelV3StreamPart[] = [
      { type: "stream-start", warnings: [] },
      { type: "text-start", id: "t" },
      { type: "text-delta", id: "t", delta: UNAVAILABLE_TEXT },
      { type: "text-end", id: "t" },
      { type: "finish", usage, finishReason: { unified: "stop", raw: "stop" } },
    ];
    return {
      stream: new ReadableStream({
        start(controller) {
          for (const p of parts) controller.enqueue(p);
          controller.close();
        },
      }),
    };
  }
}
