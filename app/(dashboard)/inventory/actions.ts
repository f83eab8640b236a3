"use server";
// Thin wrappers over lib/services: the session and role checks are in guardAction and again in
// the services; input is validated by the services (reasons come back to the form).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { guardAction } from "@/lib/auth/guard";
import { addAsset, removeAsset, updateAsset } from "@/lib/services/assets";
import { runBackupNow } from "@/lib/services/jobs";

const assetRef = z.object({ asset: z.string().min(1) });

export const addAssetAction = guardAction("admin", async (ctx, input: Parameters<typeof addAsset>[1]) => {
  const asset = await addAsset(ctx, input);
  revalidatePath("/inventory");
  return { id: asset.id, name: asset.name };
});

export const updateAssetAction = guardAction(
  "admin",
  async (ctx, input: { asset: string; name?: string; excludes?: string[] }) => {
    const asset = await updateAsset(ctx, input);
    revalidatePath("/inventory");
    return { id: asset.id, name: asset.name };
  },
);

export const removeAssetAction = guardAction("admin", async (ctx, input: { asset: string }) => {
  const asset = await removeAsset(ctx, assetRef.parse(input).asset);
  revalidatePath("/inventory");
  return { id: asset.id, name: asset.name };
});

export const runAssetNowAction = guardAction("operator", async (ctx, input: { asset: string }) => {
  const jobs = await runBackupNow(ctx, { asset: assetRef.parse(input).asset });
  revalidatePath("/jobs");
  return { jobIds: jobs.map((j) => j.id) };
});
