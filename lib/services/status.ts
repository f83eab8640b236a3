// Protection at a glance, for the assistant's getStatus and anyone else: which assets are at risk
// (no enabled policy, no restore point, or the newest one older than the RPO), failures of the
// last day, the newest verified restore points, and storage per repository. Structured, no words.
import { and, desc, eq, gte } from "drizzle-orm";
import { assets, jobs, repositories } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { listAssets } from "./assets";
import type { ServiceContext } from "./context";
import { listPolicies } from "./policies";

/** Without an RPO on any of its policies, an asset is late after a day and two hours. */
export const DEFAULT_RPO_HOURS = 26;

export interface ProtectionStatus {
  at: string;
  assets: { total: number; atRisk: number };
  atRisk: {
    asset: string;
    reason: "no_policy" | "no_restore_point" | "rpo_exceeded";
    newestRestorePointAt: string | null;
    rpoHours: number;
  }[];
  rpo: { compliant: number; total: number };
  failuresLastDay: {
    job: string;
    kind: string;
    asset: string | null;
    error: string | null;
    finishedAt: string | null;
  }[];
  newestVerified: { asset: string; at: string }[];
  storage: { repository: string; sizeBytes: number | null }[];
}

export const getProtectionStatus = service(
  "viewer",
  async function getProtectionStatus(ctx: ServiceContext, now: Date = new Date()): Promise<ProtectionStatus> {
    const [assetRows, policyRows] = await Promise.all([listAssets(ctx), listPolicies(ctx, now)]);
    const atRisk: ProtectionStatus["atRisk"] = [];
    for (const a of assetRows) {
      const covering = policyRows.filter((p) => p.enabled && p.assets.some((x) => x.id === a.id));
      const rpos = covering.map((p) => p.rpoHours).filter((h): h is number => h !== null);
      const rpoHours = rpos.length ? Math.min(...rpos) : DEFAULT_RPO_HOURS;
      const newest = a.newestRestorePointAt?.toISOString() ?? null;
      if (covering.length === 0)
        atRisk.push({ asset: a.name, reason: "no_policy", newestRestorePointAt: newest, rpoHours });
      else if (!a.newestRestorePointAt)
        atRisk.push({ asset: a.name, reason: "no_restore_point", newestRestorePointAt: null, rpoHours });
      else if (now.getTime() - a.newestRestorePointAt.getTime() > rpoHours * 3_600_000)
        atRisk.push({ asset: a.name, reason: "rpo_exceeded", newestRestorePointAt: newest, rpoHours });
    }
    const since = new Date(now.getTime() - 24 * 3_600_000);
    const failed = await ctx.db
      .select({
        id: jobs.id,
        kind: jobs.kind,
        asset: assets.name,
        error: jobs.error,
        finishedAt: jobs.finishedAt,
      })
      .from(jobs)
      .leftJoin(assets, eq(assets.id, jobs.assetId))
      .where(and(eq(jobs.status, "failed"), gte(jobs.finishedAt, since)))
      .orderBy(desc(jobs.finishedAt))
      .limit(20);
    const repos = await ctx.db
      .select({ name: repositories.name, sizeBytes: repositories.sizeBytes })
      .from(repositories)
      .orderBy(repositories.name);
    return {
      at: now.toISOString(),
      assets: { total: assetRows.length, atRisk: atRisk.length },
      atRisk,
      rpo: { compliant: assetRows.length - atRisk.length, total: assetRows.length },
      failuresLastDay: failed.map((f) => ({
        job: f.id,
        kind: f.kind,
        asset: f.asset,
        error: f.error,
        finishedAt: f.finishedAt?.toISOString() ?? null,
      })),
      newestVerified: assetRows
        .filter((a) => a.newestVerifiedAt)
        .map((a) => ({ asset: a.name, at: (a.newestVerifiedAt as Date).toISOString() })),
      storage: repos.map((r) => ({ repository: r.name, sizeBytes: r.sizeBytes })),
    };
  },
);
