"use server";
// Thin wrapper over lib/services/assistant-examples (admins only).
import { revalidatePath } from "next/cache";
import { guardAction } from "@/lib/auth/guard";
import { deleteExample } from "@/lib/services/assistant-examples";

export const deleteExampleAction = guardAction("admin", async (ctx, input: { id: string }) => {
  const deleted = await deleteExample(ctx, input?.id);
  revalidatePath("/settings/examples");
  return deleted;
});
