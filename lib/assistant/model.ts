// Which model answers. OPENAI_API_KEY selects a hosted model through @ai-sdk/openai; with
// OPENAI_BASE_URL it speaks Chat Completions, the dialect Ollama, vLLM, llama.cpp's server and
// LM Studio serve. Without a key the offline planner answers, through the same model interface,
// and also with one when an administrator chose it in Settings → Assistant (offlineOnly).
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import { learnedExamples } from "@/lib/services/assistant-approvals";
import type { ServiceContext } from "@/lib/services/context";
import { loadInventory } from "./inventory";
import { OfflinePlannerModel } from "./offline/model";

export interface ModelChoice {
  model: LanguageModel;
  /** What the chat panel's badge says. */
  label: string;
  /** The offline planner: nothing leaves the machine, and it reads the learned examples itself. */
  offline?: boolean;
}

export interface ModelSettings {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  LIFEBOAT_MODEL?: string;
  /** The stored setting (lib/services/settings.ts): nothing leaves the machine. */
  offlineOnly?: boolean;
}

export const DEFAULT_HOSTED_MODEL = "gpt-4.1-mini";

export function selectModel(
  settings: ModelSettings,
  offline: { ctx: ServiceContext; timeZone: string },
): ModelChoice {
  if (!settings.OPENAI_API_KEY || settings.offlineOnly) return offlineModel(offline.ctx, offline.timeZone);
  const modelId = settings.LIFEBOAT_MODEL ?? DEFAULT_HOSTED_MODEL;
  const provider = createOpenAI({ apiKey: settings.OPENAI_API_KEY, baseURL: settings.OPENAI_BASE_URL });
  const label = modelLabel(settings);
  // Self-hosted servers (Ollama, vLLM, llama.cpp, LM Studio) speak Chat Completions only.
  return { model: settings.OPENAI_BASE_URL ? provider.chat(modelId) : provider(modelId), label };
}

/** What the badge says, without building a model (the layout shows it before any chat). */
export function modelLabel(settings: ModelSettings): string {
  if (!settings.OPENAI_API_KEY || settings.offlineOnly) return OFFLINE_LABEL;
  const modelId = settings.LIFEBOAT_MODEL ?? DEFAULT_HOSTED_MODEL;
  if (!settings.OPENAI_BASE_URL) return modelId;
  const host = URL.canParse(settings.OPENAI_BASE_URL) ? new URL(settings.OPENAI_BASE_URL).host : "";
  return `${modelId} (${host})`;
}

const OFFLINE_LABEL = "offline planner";

/**
 * The one seam for the offline planner (issue 22): it reads the user's inventory for every call
 * (names only) and the organisation's corrections (drafts a person edited before approving).
 */
export function offlineModel(ctx: ServiceContext, timeZone: string): ModelChoice {
  return {
    model: new OfflinePlannerModel({
      inventory: () => loadInventory(ctx),
      tz: timeZone,
      examples: () => learnedExamples(ctx),
    }),
    label: OFFLINE_LABEL,
    offline: true,
  };
}
