// The rows a protection report is computed from (lib/advisor/report.ts), for one period: read by
// the Reports service and by the scheduler's report sender, which may not import services.
import { and, eq, gte, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Queryable } from "../client";
import { appSettings, assets, jobs, policies, policyAssets, restorePoints } from "../schema";

export interface ReportRowSet {
  assets: { id: string; name: string }[];
  policies: { enabled: boolean; rpoHours: number | null; assetIds: string[] }[];
  points: { assetId: string; time: Date; verifiedStatus: string; bytesAdded: number }[];
  jobs: {
    kind: string;
    status: string;
    assetId: string | null;
    scheduledFor: Date | null;
    finishedAt: Date | null;
  }[];
}

/** Assets, policies, restore points before `end`, and jobs that ended or were due in [start, end). */
export async function loadReportRows(db: Queryable, start: Date, end: Date): Promise<ReportRowSet> {
  const [assetRows, policyRows, memberRows, pointRows, jobRows] = await Promise.all([
    db.select({ id: assets.id, name: assets.name }).from(assets),
    db.select({ id: policies.id, enabled: policies.enabled, rpoHours: policies.rpoHours }).from(policies),
    db.select().from(policyAssets),
    db
      .select({
        assetId: restorePoints.assetId,
        time: restorePoints.time,
        verifiedStatus: restorePoints.verifiedStatus,
        bytesAdded: restorePoints.bytesAdded,
      })
      .from(restorePoints)
      .where(lt(restorePoints.time, end)),
    db
      .select({
        kind: jobs.kind,
        status: jobs.status,
        assetId: jobs.assetId,
        scheduledFor: jobs.scheduledFor,
        finishedAt: jobs.finishedAt,
      })
      .from(jobs)
      .where(
        and(
          inArray(jobs.kind, ["backup", "verify"]),
          inArray(jobs.status, ["succeeded", "failed", "missed"]),
          or(
            and(gte(jobs.finishedAt, start), lt(jobs.finishedAt, end)),
            and(
              eq(jobs.status, "missed"),
              isNotNull(jobs.scheduledFor),
              gte(jobs.scheduledFor, start),
              lt(jobs.scheduledFor, end),
            ),
          ),
        ),
      ),
  ]);
  return {
    assets: assetRows,
    policies: policyRows.map((p) => ({
      enabled: p.enabled,
      rpoHours: p.rpoHours,
      assetIds: memberRows.filter((m) => m.policyId === p.id).map((m) => m.assetId),
    })),
    points: pointRows.map((p) => ({ ...p, bytesAdded: Number(p.bytesAdded) })),
    jobs: jobRows,
  };
}

export async function readSetting<T>(db: Queryable, key: string): Promise<T | null> {
  const [row] = await db
    .select({ value: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, key));
  return (row?.value as T | undefined) ?? null;
}

export async function writeSetting(db: Queryable, key: string, value: unknown): Promise<void> {
  await db
    .insert(appSettings)
    .values({ key, value })
    .onConflictDoUpdate({
      target: appSettings.key,
      set: { value: sql`excluded.value`, updatedAt: new Date() },
    });
}
