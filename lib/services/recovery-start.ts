// Starting a recovery: a saved draft becomes one restore job per asset that has a restore point,
// in plan order, as one tracked recovery (lib/services/recovery.ts plans and edits it).
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/db/records/audit";
import { assets, recoveryItems, recoveryPlans } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { requireRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/enqueue";
import type { ServiceContext } from "./context";
import { checkRestoreTarget } from "./jobs";
import { parseInput } from "./parse-input";
import { findRecoveryPlan, getRecovery, originOf as original, type RecoveryView } from "./recovery-views";

const startInput = z.object({ plan: z.string().min(1) });

/**
 * Starts a draft: one restore job per item that has a restore point, in plan order. A second
 * stage (folders after databases) waits for the first inside its jobs (restore params `after`).
 */
export const startRecovery = service(
  "operator",
  async function startRecovery(
    ctx: ServiceContext,
    input: z.input<typeof startInput>,
  ): Promise<RecoveryView> {
    const data = parseInput(startInput, input);
    const plan = await findRecoveryPlan(ctx.db, data.plan);
    const items = await ctx.db
      .select({ item: recoveryItems, asset: assets })
      .from(recoveryItems)
      .innerJoin(assets, eq(assets.id, recoveryItems.assetId))
      .where(eq(recoveryItems.planId, plan.id))
      .orderBy(asc(recoveryItems.stage), asc(recoveryItems.position));
    if (items.some((i) => i.item.overwrite)) requireRole(ctx.actor, "admin");
    const runnable = items.filter((i) => i.item.restorePointId);
    if (runnable.length === 0)
      throw new AppError("conflict", "No asset of this plan has a restore point to recover from.");
    for (const { item, asset } of runnable)
      checkRestoreTarget(asset, original(asset), item.target, item.overwrite);
    await ctx.db.transaction(async (tx) => {
      // Only a draft starts, once: two clicks or two approvals cannot launch it twice.
      const claimed = await tx
        .update(recoveryPlans)
        .set({ status: "running", startedAt: sql`now()` })
        .where(and(eq(recoveryPlans.id, plan.id), eq(recoveryPlans.status, "draft")))
        .returning({ id: recoveryPlans.id });
      if (claimed.length === 0)
        throw new AppError("conflict", `Recovery ${plan.id.slice(0, 8)} has already started.`);
      const earlier: string[] = [];
      const current: string[] = [];
      let stage = runnable[0]?.item.stage ?? 1;
      for (const { item, asset } of runnable) {
        if (item.stage !== stage) {
          earlier.push(...current.splice(0));
          stage = item.stage;
        }
        const job = await enqueueJob(tx, {
          kind: "restore",
          params: {
            restorePointId: item.restorePointId,
            target: item.target,
            overwrite: item.overwrite,
            ...(earlier.length ? { after: [...earlier] } : {}),
            recovery: plan.id,
          },
          assetId: asset.id,
          host: asset.host,
          source: ctx.actor.source,
          requestedBy: ctx.actor.id,
          maxAttempts: 1,
          // Queued after the earlier stage, so a worker takes those first and never waits on
          // a job it would have to run itself.
          ...(earlier.length ? { runAfter: new Date(Date.now() + item.stage * 1000) } : {}),
        });
        if (!job) throw new Error("restore job was not queued");
        current.push(job.id);
        await tx.update(recoveryItems).set({ jobId: job.id }).where(eq(recoveryItems.id, item.id));
      }
      await recordAudit(tx, ctx.actor, "recovery.start", plan.id, {
        restores: runnable.map((i) => ({
          asset: i.asset.name,
          target: i.item.target,
          overwrite: i.item.overwrite,
        })),
        skipped: items.filter((i) => !i.item.restorePointId).map((i) => i.asset.name),
      });
    });
    return getRecovery(ctx, plan.id);
  },
);
