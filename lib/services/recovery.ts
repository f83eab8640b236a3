// Recovery plans: from an incident ("web-1 is gone", "orders was corrupted at 14:05") to a saved
// plan of restores, edited before it starts, started once as one tracked recovery. The rules that
// pick points, order and estimates are lib/advisor/recovery-plan.ts; this file reads and writes.
//
// What "host" means: an asset's `host` is the machine whose worker can reach it (DESIGN.md,
// workers). An incident that names a host covers every asset bound to it; when no asset is bound
// to that name but an asset is called so, that asset is meant. Restore jobs stay bound to the
// asset's host, so a lost host is recovered by starting a worker with its host name on the
// machine that replaces it.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/db/records/audit";
import { assets, recoveryItems, recoveryPlans, restorePoints } from "@/db/schema";
import {
  choosePoint,
  dataLossSeconds,
  estimateSeconds,
  planRecovery as planFromPoints,
  type RecoveryAsset,
  type RecoveryPlanDraft,
} from "@/lib/advisor/recovery-plan";
import { service } from "@/lib/auth/context";
import { requireRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { defaultDatabaseTarget, defaultDirectoryTarget } from "@/lib/sources/names";
import type { ServiceContext } from "./context";
import { checkRestoreTarget } from "./jobs";
import { type AssetRow, findAsset, findRestorePoint } from "./lookup";
import { parseInput } from "./parse-input";
import { findRecoveryPlan, getRecovery, originOf, type RecoveryView } from "./recovery-views";
import { restoreThroughput } from "./restore-point-views";

const planInput = z.object({
  assets: z.array(z.string().min(1)).max(200).optional(),
  host: z.string().trim().min(1).max(200).optional(),
  /** The incident's time: restore points at or before it. Default: now. */
  before: z.coerce.date().optional(),
  reason: z.string().trim().max(500).optional(),
  databasesFirst: z.boolean().default(false),
});

const original = originOf;

/** The assets an incident covers: the named ones, those on the host, or every asset. */
async function affectedAssets(ctx: ServiceContext, data: z.output<typeof planInput>): Promise<AssetRow[]> {
  const found = new Map<string, AssetRow>();
  for (const ref of data.assets ?? []) {
    const asset = await findAsset(ctx.db, ref);
    found.set(asset.id, asset);
  }
  if (data.host) {
    const onHost = await ctx.db
      .select()
      .from(assets)
      .where(sql`lower(${assets.host}) = ${data.host.toLowerCase()}`);
    if (onHost.length === 0) {
      const named = await findAsset(ctx.db, data.host).catch(() => null);
      if (!named)
        throw new AppError(
          "not_found:host",
          `No asset is on host "${data.host}" (nor called so); name the assets to recover instead.`,
        );
      onHost.push(named);
    }
    for (const asset of onHost) found.set(asset.id, asset);
  }
  if (!data.assets?.length && !data.host) {
    for (const asset of await ctx.db.select().from(assets)) found.set(asset.id, asset);
  }
  if (found.size === 0) throw new AppError("not_found:asset", "There are no assets to recover yet.");
  return [...found.values()];
}

/** Every asset's restore points (newest first), the measured throughput, and the rules applied. */
async function draft(ctx: ServiceContext, data: z.output<typeof planInput>, now: Date) {
  const rows = await affectedAssets(ctx, data);
  const points = await ctx.db
    .select()
    .from(restorePoints)
    .where(
      inArray(
        restorePoints.assetId,
        rows.map((a) => a.id),
      ),
    )
    .orderBy(desc(restorePoints.time));
  const throughput = await restoreThroughput(ctx);
  const byId = new Map(rows.map((a) => [a.id, a]));
  const input: RecoveryAsset[] = rows.map((a) => ({
    id: a.id,
    name: a.name,
    kind: a.kind,
    points: points.filter((p) => p.assetId === a.id),
  }));
  const plan = planFromPoints(input, {
    incidentAt: data.before ?? now,
    throughput,
    databasesFirst: data.databasesFirst,
    targetFor: (a) => {
      const asset = byId.get(a.id) as AssetRow;
      return asset.kind === "directory"
        ? defaultDirectoryTarget(original(asset), now)
        : defaultDatabaseTarget(original(asset), now);
    },
  });
  return { plan, byId };
}

export interface UnsavedPlan extends RecoveryPlanDraft {
  reason: string | null;
  host: string | null;
}

/** The plan an incident calls for, not saved (viewers may ask; saving it needs an operator). */
export const planRecovery = service(
  "viewer",
  async function planRecovery(ctx: ServiceContext, input: z.input<typeof planInput>): Promise<UnsavedPlan> {
    const data = parseInput(planInput, input);
    const { plan } = await draft(ctx, data, new Date());
    return { ...plan, reason: data.reason ?? null, host: data.host ?? null };
  },
);

/** The plan, saved as a draft to be read, edited and started. */
export const createRecoveryPlan = service(
  "operator",
  async function createRecoveryPlan(
    ctx: ServiceContext,
    input: z.input<typeof planInput>,
  ): Promise<RecoveryView> {
    const data = parseInput(planInput, input);
    const { plan } = await draft(ctx, data, new Date());
    const id = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(recoveryPlans)
        .values({
          incidentAt: plan.incidentAt,
          reason: data.reason ?? null,
          host: data.host ?? null,
          databasesFirst: plan.databasesFirst,
          bytesPerSecond: Math.round(plan.throughput.bytesPerSecond),
          throughputMeasured: plan.throughput.measured,
          createdBy: ctx.actor.id,
          source: ctx.actor.source,
        })
        .returning({ id: recoveryPlans.id });
      const planId = (row as { id: string }).id;
      await tx.insert(recoveryItems).values(
        plan.items.map((item) => ({
          planId,
          assetId: item.assetId,
          position: item.position,
          stage: item.stage,
          restorePointId: item.point?.id ?? null,
          risk: item.risk,
          target: item.target,
          overwrite: false,
          estimatedSeconds: item.estimatedSeconds,
          dataLossSeconds: item.dataLossSeconds,
        })),
      );
      await recordAudit(tx, ctx.actor, "recovery.plan", planId, {
        incidentAt: plan.incidentAt.toISOString(),
        reason: data.reason ?? null,
        host: data.host ?? null,
        assets: plan.items.map((i) => i.assetName),
        databasesFirst: plan.databasesFirst,
      });
      return planId;
    });
    return getRecovery(ctx, id);
  },
);

const editInput = z.object({
  plan: z.string().min(1),
  /** The item's asset (name, path, database name or id). */
  asset: z.string().min(1),
  restorePoint: z.string().min(1).optional(),
  target: z.string().trim().min(1).optional(),
  overwrite: z.boolean().optional(),
});

/** Another restore point, target or overwrite for one item of a draft; overwriting needs an admin. */
export const editRecoveryItem = service(
  "operator",
  async function editRecoveryItem(
    ctx: ServiceContext,
    input: z.input<typeof editInput>,
  ): Promise<RecoveryView> {
    const data = parseInput(editInput, input);
    if (data.overwrite) requireRole(ctx.actor, "admin");
    const plan = await findRecoveryPlan(ctx.db, data.plan);
    if (plan.status !== "draft")
      throw new AppError(
        "conflict",
        `Recovery ${plan.id.slice(0, 8)} has started; its plan can no longer change.`,
      );
    const asset = await findAsset(ctx.db, data.asset);
    const [item] = await ctx.db
      .select()
      .from(recoveryItems)
      .where(and(eq(recoveryItems.planId, plan.id), eq(recoveryItems.assetId, asset.id)));
    if (!item) throw new AppError("not_found:asset", `Asset ${asset.name} is not in this recovery plan.`);
    const change: Partial<typeof recoveryItems.$inferInsert> = {};
    if (data.restorePoint) {
      const point = await findRestorePoint(ctx.db, data.restorePoint);
      if (point.assetId !== asset.id)
        throw new AppError(
          "invalid_input",
          `Restore point ${data.restorePoint} is not of asset ${asset.name}.`,
        );
      const throughput = { bytesPerSecond: plan.bytesPerSecond, measured: plan.throughputMeasured };
      const candidate = { ...point, verifiedStatus: point.verifiedStatus };
      // The risk the rules state for this one point; a point after the incident has its own.
      change.restorePointId = point.id;
      change.risk =
        point.time > plan.incidentAt
          ? "taken after the incident: it may hold the damage"
          : choosePoint([candidate], plan.incidentAt).risk;
      change.estimatedSeconds = estimateSeconds(point.sizeBytes, throughput);
      change.dataLossSeconds = dataLossSeconds(plan.incidentAt, candidate);
    }
    const overwrite = data.overwrite ?? item.overwrite;
    if (overwrite) requireRole(ctx.actor, "admin");
    const fresh = () =>
      asset.kind === "directory"
        ? defaultDirectoryTarget(original(asset), new Date())
        : defaultDatabaseTarget(original(asset), new Date());
    let target = data.target ?? (overwrite ? original(asset) : item.overwrite ? fresh() : item.target);
    target = checkRestoreTarget(asset, original(asset), target, overwrite);
    change.target = target;
    change.overwrite = overwrite;
    await ctx.db.transaction(async (tx) => {
      await tx.update(recoveryItems).set(change).where(eq(recoveryItems.id, item.id));
      await tx.update(recoveryPlans).set({ updatedAt: new Date() }).where(eq(recoveryPlans.id, plan.id));
      await recordAudit(tx, ctx.actor, "recovery.edit", plan.id, {
        asset: asset.name,
        restorePoint: change.restorePointId ?? item.restorePointId,
        target,
        overwrite,
      });
    });
    return getRecovery(ctx, plan.id);
  },
);
