"use server";
// Thin wrappers over lib/services/repositories: add (opened or initialised first), set default,
// check now, remove. The password and keys go to the service and are never returned or logged.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { guardAction } from "@/lib/auth/guard";
import { addRepository, removeRepository, setDefaultRepository } from "@/lib/services/repositories";
import { startRepositoryCheck } from "@/lib/services/repository-views";

const repoRef = z.object({ repository: z.string().min(1) });

export const addRepositoryAction = guardAction(
  "admin",
  async (ctx, input: Parameters<typeof addRepository>[1]) => {
    const repo = await addRepository(ctx, input);
    revalidatePath("/repositories");
    return { id: repo.id, name: repo.name };
  },
);

export const setDefaultRepositoryAction = guardAction("admin", async (ctx, input: { repository: string }) => {
  const repo = await setDefaultRepository(ctx, repoRef.parse(input).repository);
  revalidatePath("/repositories");
  return { id: repo.id, name: repo.name };
});

export const checkRepositoryAction = guardAction("operator", async (ctx, input: { repository: string }) => {
  const job = await startRepositoryCheck(ctx, repoRef.parse(input));
  revalidatePath("/jobs");
  return { jobId: job.id };
});

export const removeRepositoryAction = guardAction("admin", async (ctx, input: { repository: string }) => {
  const repo = await removeRepository(ctx, repoRef.parse(input).repository);
  revalidatePath("/repositories");
  return { id: repo.id, name: repo.name };
});
