// Settings that are read, not edited, in the dashboard: which model answers the assistant. The
// key itself never leaves the server; only whether one is set and where requests go.
import { service } from "@/lib/auth/context";
import { env } from "@/lib/env";
import type { ServiceContext } from "./context";

export interface AssistantModelInfo {
  provider: "offline planner" | "OpenAI" | "OpenAI-compatible server";
  /** LIFEBOAT_MODEL, or null for the assistant's default model. */
  model: string | null;
  /** Origin of OPENAI_BASE_URL (no path, no credentials), when set. */
  endpoint: string | null;
  keyConfigured: boolean;
}

export const assistantModelInfo = service(
  "viewer",
  async function assistantModelInfo(
    _ctx: ServiceContext,
    config: ReturnType<typeof env> = env(),
  ): Promise<AssistantModelInfo> {
    const keyConfigured = Boolean(config.OPENAI_API_KEY);
    const endpoint = config.OPENAI_BASE_URL ? new URL(config.OPENAI_BASE_URL).origin : null;
    if (!keyConfigured && !endpoint) {
      return { provider: "offline planner", model: null, endpoint: null, keyConfigured };
    }
    return {
      provider: endpoint ? "OpenAI-compatible server" : "OpenAI",
      model: config.LIFEBOAT_MODEL ?? null,
      endpoint,
      keyConfigured,
    };
  },
);
