// The offline planner as an AI SDK language model (LanguageModelV3), so the chat route streams it,
// runs its tool calls and asks for approvals exactly as it does with a hosted model. Each call
// turns the SDK's prompt back into conversation turns, plans, and streams the text word by word
// followed by the tool calls; the next call (after tools ran) sees their results and answers.
import { randomUUID } from "node:crypto";
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";
import type { Example } from "./examples";
import { say } from "./phrases";
import { plan } from "./planner";
import { detectLang } from "./text";
import type { Inventory, Plan, Turn } from "./types";

export interface OfflineModelOptions {
  /** The names the user may act on; read for every call, so new assets count at once. */
  inventory: Inventory | (() => Promise<Inventory>);
  /** The user's IANA time zone. */
  tz: string;
  now?: () => Date;
  examples?: Example[] | (() => Promise<Example[]>);
}

const usage: LanguageModelV3Usage = {
  inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 0, text: 0, reasoning: 0 },
};

/** The SDK's prompt as the planner's turns: text, drafted calls, and tool outcomes. */
export function turnsOf(prompt: LanguageModelV3Prompt): Turn[] {
  const turns: Turn[] = [];
  const inputs = new Map<string, unknown>();
  for (const m of prompt) {
    if (m.role === "user") {
      const text = m.content.map((p) => (p.type === "text" ? p.text : "")).join("");
      turns.push({ role: "user", text });
    } else if (m.role === "assistant") {
      let text = "";
      const toolCalls = [];
      for (const p of m.content) {
        if (p.type === "text") text += p.text;
        if (p.type === "tool-call") {
          inputs.set(p.toolCallId, p.input);
          toolCalls.push({ toolName: p.toolName, input: (p.input ?? {}) as Record<string, unknown> });
        }
        if (p.type === "tool-result") turns.push(toolTurn(p, inputs));
      }
      turns.push({ role: "assistant", text, toolCalls });
    } else if (m.role === "tool") {
      for (const p of m.content) if (p.type === "tool-result") turns.push(toolTurn(p, inputs));
    }
  }
  return turns;
}

function toolTurn(
  p: Extract<LanguageModelV3Prompt[number]["content"][number], { type: "tool-result" }>,
  inputs: Map<string, unknown>,
): Turn {
  const o = p.output;
  const output = o.type === "execution-denied" ? o.reason : "value" in o ? o.value : undefined;
  return {
    role: "tool",
    toolName: p.toolName,
    input: inputs.get(p.toolCallId),
    output,
    denied: o.type === "execution-denied",
    error: o.type === "error-text" || o.type === "error-json",
  };
}

let warmed = false;

/**
 * chrono-node compiles its patterns on first use (~0.3-0.7 s for English and Chinese on a busy
 * machine); planning a few requests once, off the request path, keeps that out of the first answer.
 */
export function warmUpPlanner(): void {
  if (warmed) return;
  warmed = true;
  const inventory = {
    assets: [{ name: "www", kind: "directory" as const, path: "/srv/www" }],
    policies: [],
    repositories: [],
  };
  for (const text of [
    "restore www to yesterday at 3pm",
    "把 www 恢复到昨天下午3点",
    "back up www every night at 2, keep 7 daily",
  ])
    plan({ messages: [{ role: "user", text }], inventory, now: new Date(), tz: "UTC" });
}

export class OfflinePlannerModel implements LanguageModelV3 {
  readonly specificationVersion = "v3" as const;
  readonly provider = "lifeboat";
  readonly modelId = "offline-planner";
  readonly supportedUrls = {};
  private calls = 0;
  // Tool call ids must be unique within a chat (drafts are stored by chat and call id), and each
  // turn of a chat gets a new model: a counter alone would repeat "offline-1-0" every turn.
  private readonly session = randomUUID().slice(0, 8);

  constructor(private readonly options: OfflineModelOptions) {
    if (!warmed) setTimeout(warmUpPlanner, 0).unref?.();
  }

  private async planFor(options: LanguageModelV3CallOptions): Promise<Plan & { id: string }> {
    const o = this.options;
    // Both are read per call, at once: the first token waits for the slower of the two only.
    const [inventory, examples] = await Promise.all([
      typeof o.inventory === "function" ? o.inventory() : o.inventory,
      typeof o.examples === "function" ? o.examples() : o.examples,
    ]);
    const messages = turnsOf(options.prompt);
    const result = plan({ messages, inventory, now: o.now?.() ?? new Date(), tz: o.tz, examples });
    // Only tools the caller offers can be called (issue 21 leaves the advisor's out for now).
    const offered = options.tools ? new Set(options.tools.map((t) => t.name)) : undefined;
    const missing = offered ? result.toolCalls.filter((c) => !offered.has(c.toolName)) : [];
    if (missing.length) {
      const lastUser = [...messages].reverse().find((m) => m.role === "user");
      const lang = lastUser && lastUser.role === "user" ? detectLang(lastUser.text) : "en";
      const names = missing.map((c) => c.toolName).join(", ");
      return {
        id: `offline-${this.session}-${++this.calls}`,
        toolCalls: result.toolCalls.filter((c) => offered?.has(c.toolName)),
        text: say(
          lang,
          `I understood that as ${names}, which is not available here yet.`,
          `我理解为 ${names}，但这里暂时还不能执行。`,
        ),
      };
    }
    return { id: `offline-${this.session}-${++this.calls}`, ...result };
  }

  async doGenerate(options: LanguageModelV3CallOptions) {
    const p = await this.planFor(options);
    const content: LanguageModelV3Content[] = [];
    if (p.text) content.push({ type: "text", text: p.text });
    for (const [i, c] of p.toolCalls.entries()) {
      const call = { toolCallId: `${p.id}-${i}`, toolName: c.toolName, input: JSON.stringify(c.input) };
      content.push({ type: "tool-call", ...call });
    }
    return {
      content,
      finishReason: {
        unified: p.toolCalls.length ? ("tool-calls" as const) : ("stop" as const),
        raw: undefined,
      },
      usage,
      warnings: [],
    };
  }

  async doStream(options: LanguageModelV3CallOptions) {
    const p = await this.planFor(options);
    const parts: LanguageModelV3StreamPart[] = [
      { type: "stream-start", warnings: [] },
      { type: "response-metadata", id: p.id, modelId: this.modelId, timestamp: new Date() },
    ];
    if (p.text) {
      parts.push({ type: "text-start", id: `${p.id}-text` });
      // Word by word, so the chat shows the answer arriving as with any model.
      for (const piece of p.text.match(/\S+\s*|\s+/g) ?? [])
        parts.push({ type: "text-delta", id: `${p.id}-text`, delta: piece });
      parts.push({ type: "text-end", id: `${p.id}-text` });
    }
    for (const [i, c] of p.toolCalls.entries()) {
      const id = `${p.id}-${i}`;
      const input = JSON.stringify(c.input);
      parts.push({ type: "tool-input-start", id, toolName: c.toolName });
      parts.push({ type: "tool-input-delta", id, delta: input });
      parts.push({ type: "tool-input-end", id });
      parts.push({ type: "tool-call", toolCallId: id, toolName: c.toolName, input });
    }
    parts.push({
      type: "finish",
      usage,
      finishReason: { unified: p.toolCalls.length ? "tool-calls" : "stop", raw: undefined },
    });
    const signal = options.abortSignal;
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        for (const part of parts) {
          if (signal?.aborted) break;
          controller.enqueue(part);
        }
        controller.close();
      },
    });
    return { stream };
  }
}

export function offlinePlannerModel(options: OfflineModelOptions): LanguageModelV3 {
  return new OfflinePlannerModel(options);
}
