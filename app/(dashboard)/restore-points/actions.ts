"use server";
// Thin wrappers for the restore point pages: one folder page of the tree (viewers), a restore
// job and a drill (operators; overwriting is checked again by the service: admins only).
import { revalidatePath } from "next/cache";
import { guardAction } from "@/lib/auth/guard";
import { listFileVersions } from "@/lib/services/file-versions";
import { startRestore, startVerify } from "@/lib/services/jobs";
import { diffFolder } from "@/lib/services/restore-point-diff-tree";
import { browseFolderPage } from "@/lib/services/restore-point-views";

export const browseFolderAction = guardAction(
  "viewer",
  async (ctx, input: Parameters<typeof browseFolderPage>[1]) => browseFolderPage(ctx, input),
);

export const fileVersionsAction = guardAction(
  "viewer",
  async (ctx, input: Parameters<typeof listFileVersions>[1]) => listFileVersions(ctx, input),
);

export const diffFolderAction = guardAction("viewer", async (ctx, input: Parameters<typeof diffFolder>[1]) =>
  diffFolder(ctx, input),
);

export const startRestoreAction = guardAction(
  "operator",
  async (ctx, input: Parameters<typeof startRestore>[1]) => {
    const job = await startRestore(ctx, input);
    revalidatePath("/jobs");
    return { id: job.id };
  },
);

export const startVerifyAction = guardAction("operator", async (ctx, input: { restorePoint: string }) => {
  const job = await startVerify(ctx, { restorePoint: input?.restorePoint });
  revalidatePath("/jobs");
  return { id: job.id };
});
