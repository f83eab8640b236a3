"use server";
// Thin wrappers over lib/services/webhooks (admins only). A webhook URL may hold a token: it is
// passed to the service and never returned in a result or logged.
import { revalidatePath } from "next/cache";
import { guardAction } from "@/lib/auth/guard";
import { setReportSchedule } from "@/lib/services/reports";
import { addWebhook, removeWebhook, testWebhook, updateWebhook } from "@/lib/services/webhooks";

export const addWebhookAction = guardAction(
  "admin",
  async (ctx, input: { url: string; onSuccess?: boolean }) => {
    const hook = await addWebhook(ctx, input);
    revalidatePath("/settings/webhooks");
    return { id: hook.id };
  },
);

export const updateWebhookAction = guardAction(
  "admin",
  async (ctx, input: { id: string; onSuccess?: boolean; enabled?: boolean }) => {
    const hook = await updateWebhook(ctx, input);
    revalidatePath("/settings/webhooks");
    return { id: hook.id, enabled: hook.enabled, onSuccess: hook.onSuccess };
  },
);

export const removeWebhookAction = guardAction("admin", async (ctx, input: { id: string }) => {
  await removeWebhook(ctx, input);
  revalidatePath("/settings/webhooks");
  return null;
});

export const testWebhookAction = guardAction("admin", async (ctx, input: { id: string }) =>
  testWebhook(ctx, input),
);

export const setReportScheduleAction = guardAction(
  "admin",
  async (
    ctx,
    input: {
      enabled: boolean;
      period: "day" | "week" | "month";
      weekday: number;
      time: string;
      timezone: string;
    },
  ) => {
    const saved = await setReportSchedule(ctx, input);
    revalidatePath("/settings/webhooks");
    revalidatePath("/reports");
    return saved;
  },
);
