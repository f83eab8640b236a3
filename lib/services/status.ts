// Protection at a glance, for the assistant's getStatus and anyone else: which assets are at risk
// (no enabled policy, no restore point, or the newest one older than the RPO), failures of the
// last day, the newest verified restore points, storage per repository, and the protection
// report's figures for the last 7 days (the same functions as the Reports page). Structured.
import { and, desc, eq, gte } from "drizzle-orm";
import { assets, jobs, repositories } from "@/db/schema";
import { DEFAULT_RPO_HOURS, rpoBreach, rpoOf } from "@/lib/advisor/report";
import { formatHours, percent } from "@/lib/advisor/report-text";
import { service } from "@/lib/auth/context";
import { buildReport } from "@/lib/jobs/report-build";
import { listAssets } from "./assets";
import type { ServiceContext } from "./context";
import { listPolicies } from "./policies";

export { DEFAULT_RPO_HOURS };

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
  /** The protection report's figures over the last 7 days (lib/advisor/report.ts defines them). */
  lastSevenDays: {
    rpoCompliance: string;
    perAsset: { asset: string; rpoCompliance: string; outsideRpo: string }[];
    backups: { succeeded: number; failed: number; missed: number };
    drills: { passed: number; run: number };
    storageAddedBytes: number;
  };
}

export const getProtectionStatus = service(
  "viewer",
  async function getProtectionStatus(ctx: ServiceContext, now: Date = new Date()): Promise<ProtectionStatus> {
    const [assetRows, policyRows] = await Promise.all([listAssets(ctx), listPolicies(ctx, now)]);
    const atRisk: ProtectionStatus["atRisk"] = [];
    const plain = policyRows.map((p) => ({
      enabled: p.enabled,
      rpoHours: p.rpoHours,
      assetIds: p.assets.map((x) => x.id),
    }));
    for (const a of assetRows) {
      const covered = plain.some((p) => p.enabled && p.assetIds.includes(a.id));
      const rpoHours = rpoOf(a.id, plain).hours;
      const newest = a.newestRestorePointAt?.toISOString() ?? null;
      if (!covered)
        atRisk.push({ asset: a.name, reason: "no_policy", newestRestorePointAt: newest, rpoHours });
      else if (!a.newestRestorePointAt)
        atRisk.push({ asset: a.name, reason: "no_restore_point", newestRestorePointAt: null, rpoHours });
      else if (rpoBreach(a.newestRestorePointAt, rpoHours, now).breached)
        atRisk.push({ asset: a.name, reason: "rpo_exceeded", newestRestorePointAt: newest, rpoHours });
    }
    const week = await buildReport(
      ctx.db,
      {
        period: "week",
        timezone: "UTC",
        start: new Date(now.getTime() - 7 * 86_400_000),
        end: now,
        key: "last-7-days",
        label: "last 7 days",
      },
      now,
      null,
    );
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
      lastSevenDays: {
        rpoCompliance: percent(week.figures.totals.rpoCompliance),
        perAsset: week.figures.assets
          .filter((f) => f.covered)
          .map((f) => ({
            asset: f.asset,
            rpoCompliance: percent(f.rpoCompliance),
            outsideRpo: formatHours(f.hoursOutsideRpo),
          })),
        backups: {
          succeeded: week.figures.totals.backupsSucceeded,
          failed: week.figures.totals.backupsFailed,
          missed: week.figures.totals.backupsMissed,
        },
        drills: { passed: week.figures.totals.drillsPassed, run: week.figures.totals.drillsRun },
        storageAddedBytes: week.figures.totals.storageAddedBytes,
      },
    };
  },
);
