"use server";
// Thin wrapper over lib/services/settings (admins only).
import { revalidatePath } from "next/cache";
import { guardAction } from "@/lib/auth/guard";
import { setAssistantOfflineOnly } from "@/lib/services/settings";

export const setOfflineOnlyAction = guardAction("admin", async (ctx, input: { offlineOnly: boolean }) => {
  const offlineOnly = await setAssistantOfflineOnly(ctx, input);
  // The assistant panel's badge is rendered by the dashboard layout, on every page.
  revalidatePath("/", "layout");
  return offlineOnly;
});
