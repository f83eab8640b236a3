// Policies: which assets are backed up when, where to, and how long restore points are kept.
// Everything is validated (cron, zone, retention, window, names, assets, repository) before the
// one transaction that stores it, so bad input changes nothing.
import { asc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { recordAudit } from "@/db/records/audit";
import { assets, policies, policyAssets, repositories } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { cronOf } from "@/lib/jobs/schedule-times";
import type { ServiceContext } from "./context";
import { findAsset, findPolicy, findRepository, type PolicyRow } from "./lookup";
import { parseInput } from "./parse-input";
import { createPolicyInput, updatePolicyInput, WINDOW_HINT, windowComplete } from "./policy-input";
import { isUniqueViolation } from "./repositories";
import { ensureDefaultRepository } from "./repositories-default";

export interface PolicySummary {
  id: string;
  name: string;
  enabled: boolean;
  schedule: string;
  timezone: string;
  retention: PolicyRow["retention"];
  repository: { id: string; name: string };
  assets: { id: string; name: string; kind: string }[];
  windowStart: string | null;
  windowEnd: string | null;
  rpoHours: number | null;
  drillSchedule: string | null;
  pruneEveryDays: number;
  /** The next scheduled backup in the policy's zone; null while disabled. */
  nextRunAt: Date | null;
  nextDrillAt: Date | null;
  createdAt: Date;
}

const nameTaken = (n: string) => new AppError("conflict", `a policy called "${n}" already exists`);

export const createPolicy = service(
  "admin",
  async function createPolicy(
    ctx: ServiceContext,
    input: z.input<typeof createPolicyInput>,
  ): Promise<PolicySummary> {
    const data = parseInput(createPolicyInput, input);
    if (await policyNamed(ctx.db, data.name)) throw nameTaken(data.name);
    const assetRows = await resolveAssets(ctx.db, data.assets);
    // Last: the default repository may be created on disk, which only a valid policy deserves.
    const repo = data.repository
      ? await findRepository(ctx.db, data.repository)
      : await ensureDefaultRepository(ctx);
    const id = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(policies)
        .values({
          name: data.name,
          schedule: data.schedule,
          timezone: data.timezone,
          retention: data.retention,
          repositoryId: repo.id,
          enabled: data.enabled,
          windowStart: data.windowStart ?? null,
          windowEnd: data.windowEnd ?? null,
          rpoHours: data.rpoHours ?? null,
          ...(data.drillSchedule !== undefined ? { drillSchedule: data.drillSchedule } : {}),
          ...(data.pruneEveryDays !== undefined ? { pruneEveryDays: data.pruneEveryDays } : {}),
        })
        .returning()
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw nameTaken(data.name);
          throw error;
        });
      const policy = row as PolicyRow;
      await tx.insert(policyAssets).values(assetRows.map((a) => ({ policyId: policy.id, assetId: a.id })));
      await recordAudit(tx, ctx.actor, "policy.create", policy.id, {
        name: policy.name,
        schedule: policy.schedule,
        timezone: policy.timezone,
        retention: policy.retention,
        repository: repo.name,
        assets: assetRows.map((a) => a.name),
      });
      return policy.id;
    });
    return getPolicy(ctx, id);
  },
);

export const updatePolicy = service(
  "admin",
  async function updatePolicy(
    ctx: ServiceContext,
    input: z.input<typeof updatePolicyInput>,
  ): Promise<PolicySummary> {
    const { policy: ref, assets: assetRefs, repository, ...fields } = parseInput(updatePolicyInput, input);
    const current = await findPolicy(ctx.db, ref);
    if (!windowComplete({ ...current, ...fields })) {
      throw new AppError("invalid_input", `windowEnd: ${WINDOW_HINT}`);
    }
    if (
      fields.name !== undefined &&
      fields.name !== current.name &&
      (await policyNamed(ctx.db, fields.name))
    ) {
      throw nameTaken(fields.name);
    }
    const assetRows = assetRefs ? await resolveAssets(ctx.db, assetRefs) : null;
    const repo = repository ? await findRepository(ctx.db, repository) : null;
    await ctx.db.transaction(async (tx) => {
      const changes: Partial<typeof policies.$inferInsert> = { ...fields };
      if (repo) changes.repositoryId = repo.id;
      if (Object.keys(changes).length > 0) {
        await tx
          .update(policies)
          .set(changes)
          .where(eq(policies.id, current.id))
          .catch((error: unknown) => {
            if (isUniqueViolation(error)) throw nameTaken(fields.name ?? "");
            throw error;
          });
      }
      if (assetRows) {
        await tx.delete(policyAssets).where(eq(policyAssets.policyId, current.id));
        await tx.insert(policyAssets).values(assetRows.map((a) => ({ policyId: current.id, assetId: a.id })));
      }
      await recordAudit(tx, ctx.actor, "policy.update", current.id, {
        name: current.name,
        ...fields,
        ...(repo ? { repository: repo.name } : {}),
        ...(assetRows ? { assets: assetRows.map((a) => a.name) } : {}),
      });
    });
    return getPolicy(ctx, current.id);
  },
);

export const setPolicyEnabled = service(
  "admin",
  async function setPolicyEnabled(
    ctx: ServiceContext,
    input: { policy: string; enabled: boolean },
  ): Promise<PolicySummary> {
    const current = await findPolicy(ctx.db, input.policy);
    await ctx.db.transaction(async (tx) => {
      await tx.update(policies).set({ enabled: input.enabled }).where(eq(policies.id, current.id));
      await recordAudit(tx, ctx.actor, input.enabled ? "policy.enable" : "policy.disable", current.id, {
        name: current.name,
      });
    });
    return getPolicy(ctx, current.id);
  },
);

/** Deletes the policy; its jobs and restore points stay (jobs forget which policy made them). */
export const deletePolicy = service(
  "admin",
  async function deletePolicy(ctx: ServiceContext, ref: string): Promise<{ id: string; name: string }> {
    return ctx.db.transaction(async (tx) => {
      const policy = await findPolicy(tx, ref);
      await tx.delete(policies).where(eq(policies.id, policy.id));
      await recordAudit(tx, ctx.actor, "policy.delete", policy.id, { name: policy.name });
      return { id: policy.id, name: policy.name };
    });
  },
);

export const getPolicy = service(
  "viewer",
  async function getPolicy(ctx: ServiceContext, ref: string): Promise<PolicySummary> {
    const policy = await findPolicy(ctx.db, ref);
    const [summary] = await summarise(ctx.db, [policy]);
    return summary as PolicySummary;
  },
);

export const listPolicies = service(
  "viewer",
  async function listPolicies(ctx: ServiceContext, now: Date = new Date()): Promise<PolicySummary[]> {
    const rows = await ctx.db.select().from(policies).orderBy(asc(policies.name));
    return summarise(ctx.db, rows, now);
  },
);

async function summarise(db: Queryable, rows: PolicyRow[], now = new Date()): Promise<PolicySummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const links = await db
    .select({ policyId: policyAssets.policyId, id: assets.id, name: assets.name, kind: assets.kind })
    .from(policyAssets)
    .innerJoin(assets, eq(assets.id, policyAssets.assetId))
    .where(inArray(policyAssets.policyId, ids))
    .orderBy(asc(assets.name));
  const repos = await db
    .select({ id: repositories.id, name: repositories.name })
    .from(repositories)
    .where(inArray(repositories.id, [...new Set(rows.map((r) => r.repositoryId))]));
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    enabled: p.enabled,
    schedule: p.schedule,
    timezone: p.timezone,
    retention: p.retention,
    repository: repos.find((r) => r.id === p.repositoryId) ?? { id: p.repositoryId, name: "?" },
    assets: links.filter((l) => l.policyId === p.id).map(({ id, name, kind }) => ({ id, name, kind })),
    windowStart: p.windowStart,
    windowEnd: p.windowEnd,
    rpoHours: p.rpoHours,
    drillSchedule: p.drillSchedule,
    pruneEveryDays: p.pruneEveryDays,
    nextRunAt: p.enabled ? nextRun(p.schedule, p.timezone, now) : null,
    nextDrillAt: p.enabled && p.drillSchedule ? nextRun(p.drillSchedule, p.timezone, now) : null,
    createdAt: p.createdAt,
  }));
}

function nextRun(pattern: string, timezone: string, now: Date): Date | null {
  try {
    return cronOf(pattern, timezone).nextRun(now);
  } catch {
    return null; // stored before validation existed; shown as "no next run" rather than failing the list
  }
}

async function policyNamed(db: Queryable, policyName: string): Promise<boolean> {
  const [row] = await db.select({ id: policies.id }).from(policies).where(eq(policies.name, policyName));
  return Boolean(row);
}

async function resolveAssets(db: Queryable, refs: string[]) {
  const rows = [];
  for (const ref of refs) rows.push(await findAsset(db, ref));
  // The same asset named twice (by name and by path, say) is protected once.
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}
