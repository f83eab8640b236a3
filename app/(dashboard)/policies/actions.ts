"use server";
// Thin wrappers over lib/services/policies, suggestPolicy and runBackupNow; roles are checked twice (here and in
// the services), and every reason for refusing input comes from the services.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { guardAction } from "@/lib/auth/guard";
import { type SuggestPolicyInput, suggestPolicy } from "@/lib/services/advisor";
import { runBackupNow } from "@/lib/services/jobs";
import { createPolicy, deletePolicy, setPolicyEnabled, updatePolicy } from "@/lib/services/policies";

const policyRef = z.object({ policy: z.string().min(1) });

export const createPolicyAction = guardAction(
  "admin",
  async (ctx, input: Parameters<typeof createPolicy>[1]) => {
    const policy = await createPolicy(ctx, input);
    revalidatePath("/policies");
    return { id: policy.id, name: policy.name };
  },
);

export const updatePolicyAction = guardAction(
  "admin",
  async (ctx, input: Parameters<typeof updatePolicy>[1]) => {
    const policy = await updatePolicy(ctx, input);
    revalidatePath("/policies");
    return { id: policy.id, name: policy.name };
  },
);

export const setPolicyEnabledAction = guardAction(
  "admin",
  async (ctx, input: { policy: string; enabled: boolean }) => {
    const data = policyRef.extend({ enabled: z.boolean() }).parse(input);
    const policy = await setPolicyEnabled(ctx, data);
    revalidatePath("/policies");
    return { id: policy.id, enabled: policy.enabled };
  },
);

export const deletePolicyAction = guardAction("admin", async (ctx, input: { policy: string }) => {
  const deleted = await deletePolicy(ctx, policyRef.parse(input).policy);
  revalidatePath("/policies");
  return deleted;
});

export const runPolicyNowAction = guardAction("operator", async (ctx, input: { policy: string }) => {
  const jobs = await runBackupNow(ctx, { policy: policyRef.parse(input).policy });
  revalidatePath("/jobs");
  return { jobIds: jobs.map((j) => j.id) };
});

/** The advisor's recommendation for the form's "Suggest"; reading only, so viewers may ask. */
export const suggestPolicyAction = guardAction("viewer", async (ctx, input: SuggestPolicyInput) =>
  suggestPolicy(ctx, input),
);
