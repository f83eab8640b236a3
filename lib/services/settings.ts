// Which model answers the assistant: the server's environment names a hosted model (the key itself
// never leaves the server; only whether one is set and where requests go), and an administrator
// may keep the assistant on the offline planner anyway, so nothing of the inventory or the
// conversation leaves the machine. That choice is stored in app_settings.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/db/records/audit";
import { appSettings } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { env } from "@/lib/env";
import type { ServiceContext } from "./context";
import { parseInput } from "./parse-input";
import { sharedRead } from "./shared-reads";

export interface AssistantModelInfo {
  provider: "offline planner" | "OpenAI" | "OpenAI-compatible server";
  /** LIFEBOAT_MODEL, or null for the assistant's default model. */
  model: string | null;
  /** Origin of OPENAI_BASE_URL (no path, no credentials), when set. */
  endpoint: string | null;
  keyConfigured: boolean;
  /** An administrator chose the offline planner even though a hosted model is configured. */
  offlineOnly: boolean;
}

const OFFLINE_ONLY = "assistant.offlineOnly";

export const assistantModelInfo = service(
  "viewer",
  async function assistantModelInfo(
    ctx: ServiceContext,
    config: ReturnType<typeof env> = env(),
  ): Promise<AssistantModelInfo> {
    const keyConfigured = Boolean(config.OPENAI_API_KEY);
    const endpoint = config.OPENAI_BASE_URL ? new URL(config.OPENAI_BASE_URL).origin : null;
    const offlineOnly = await assistantOfflineOnly(ctx);
    if (offlineOnly || (!keyConfigured && !endpoint)) {
      return { provider: "offline planner", model: null, endpoint, keyConfigured, offlineOnly };
    }
    return {
      provider: endpoint ? "OpenAI-compatible server" : "OpenAI",
      model: config.LIFEBOAT_MODEL ?? null,
      endpoint,
      keyConfigured,
      offlineOnly,
    };
  },
);

/**
 * The assistant's label in the dashboard's frame, on every page: shared between requests
 * (shared-reads.ts). Deciding where a conversation goes reads the setting fresh (below).
 */
export const assistantOfflineOnlyForLabel = service(
  "viewer",
  async function assistantOfflineOnlyForLabel(ctx: ServiceContext): Promise<boolean> {
    return sharedRead(ctx.db, OFFLINE_ONLY, 5000, () => assistantOfflineOnly(ctx));
  },
);

/** Whether the assistant must answer with the offline planner whatever model is configured. */
export const assistantOfflineOnly = service(
  "viewer",
  async function assistantOfflineOnly(ctx: ServiceContext): Promise<boolean> {
    const [row] = await ctx.db
      .select({ value: appSettings.value })
      .from(appSettings)
      .where(eq(appSettings.key, OFFLINE_ONLY));
    return row?.value === true;
  },
);

const offlineOnlyInput = z.object({ offlineOnly: z.boolean() });

export const setAssistantOfflineOnly = service(
  "admin",
  async function setAssistantOfflineOnly(
    ctx: ServiceContext,
    input: z.input<typeof offlineOnlyInput>,
  ): Promise<boolean> {
    const { offlineOnly } = parseInput(offlineOnlyInput, input);
    await ctx.db.transaction(async (tx) => {
      const row = { key: OFFLINE_ONLY, value: offlineOnly, updatedBy: ctx.actor.email };
      await tx
        .insert(appSettings)
        .values(row)
        .onConflictDoUpdate({
          target: appSettings.key,
          set: { value: offlineOnly, updatedBy: row.updatedBy },
        });
      await recordAudit(tx, ctx.actor, "settings.assistant", OFFLINE_ONLY, { offlineOnly });
    });
    return offlineOnly;
  },
);
