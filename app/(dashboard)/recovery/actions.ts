"use server";
// Thin wrappers for the recovery pages: declare an incident (a saved draft plan), edit one item
// of a draft, start it (operators; overwriting in place is checked again by the service: admins).
import { revalidatePath } from "next/cache";
import { guardAction } from "@/lib/auth/guard";
import { createRecoveryPlan, editRecoveryItem } from "@/lib/services/recovery";
import { startRecovery } from "@/lib/services/recovery-start";

export const declareIncidentAction = guardAction(
  "operator",
  async (ctx, input: Parameters<typeof createRecoveryPlan>[1]) => {
    const plan = await createRecoveryPlan(ctx, input);
    revalidatePath("/recovery");
    return { id: plan.id };
  },
);

export const editRecoveryItemAction = guardAction(
  "operator",
  async (ctx, input: Parameters<typeof editRecoveryItem>[1]) => {
    const plan = await editRecoveryItem(ctx, input);
    revalidatePath(`/recovery/${plan.id}`);
    return { id: plan.id };
  },
);

export const startRecoveryAction = guardAction("operator", async (ctx, input: { plan: string }) => {
  const plan = await startRecovery(ctx, { plan: input?.plan });
  revalidatePath(`/recovery/${plan.id}`);
  revalidatePath("/jobs");
  return { id: plan.id, status: plan.status };
});
