"use server";
// Thin wrappers: cancel a queued or running job, retry a failed one (both operator and up).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { guardAction } from "@/lib/auth/guard";
import { retryJob } from "@/lib/services/job-views";
import { cancelJob } from "@/lib/services/jobs";

const jobRef = z.object({ id: z.string().uuid({ message: "not a job id" }) });

export const cancelJobAction = guardAction("operator", async (ctx, input: { id: string }) => {
  const job = await cancelJob(ctx, jobRef.parse(input).id);
  revalidatePath("/jobs");
  return { id: job.id, status: job.status };
});

export const retryJobAction = guardAction("operator", async (ctx, input: { id: string }) => {
  const job = await retryJob(ctx, jobRef.parse(input).id);
  revalidatePath("/jobs");
  return { id: job.id };
});
