// Prometheus metrics for /api/metrics, read from the database on each scrape: every value is a
// fact stored in rows (jobs, restore points, policies, repositories), so any web instance answers
// the same and nothing is lost on restart. A fresh Registry per scrape: no process-wide default
// registry whose metrics would collide when Next's dev server reloads this module.
import { and, eq, isNotNull, max, sql } from "drizzle-orm";
import { Counter, Gauge, Registry } from "prom-client";
import { assets, jobs, policies, policyAssets, repositories, restorePoints } from "@/db/schema";
import { service } from "@/lib/auth/context";
import type { ServiceContext } from "./context";

export interface MetricsText {
  contentType: string;
  body: string;
}

const seconds = (d: Date | string | null | undefined) => (d ? new Date(d).getTime() / 1000 : null);

/** The whole exposition (text format 0.0.4); `now` is for tests of RPO compliance. */
export const renderMetrics = service(
  "viewer",
  async function renderMetrics(ctx: ServiceContext, now: Date = new Date()): Promise<MetricsText> {
    const registry = await buildRegistry(ctx, now);
    return { contentType: registry.contentType, body: await registry.metrics() };
  },
);

async function buildRegistry(ctx: ServiceContext, now = new Date()): Promise<Registry> {
  const db = ctx.db;
  const registry = new Registry();
  const registers = [registry];

  const jobCounts = await db
    .select({ kind: jobs.kind, status: jobs.status, n: sql<number>`count(*)::int` })
    .from(jobs)
    .groupBy(jobs.kind, jobs.status);
  const jobsGauge = new Gauge({
    name: "lifeboat_jobs",
    help: "Jobs in the database by kind and status.",
    labelNames: ["kind", "status"],
    registers,
  });
  for (const row of jobCounts) jobsGauge.set({ kind: row.kind, status: row.status }, Number(row.n));

  // Per asset: newest restore point (what RPO is about), newest verified one, last backup job.
  const assetRows = await db.select({ id: assets.id, name: assets.name }).from(assets);
  const newest = await db
    .select({ assetId: restorePoints.assetId, time: max(restorePoints.time) })
    .from(restorePoints)
    .groupBy(restorePoints.assetId);
  const verified = await db
    .select({ assetId: restorePoints.assetId, time: max(restorePoints.time) })
    .from(restorePoints)
    .where(eq(restorePoints.verifiedStatus, "verified"))
    .groupBy(restorePoints.assetId);
  const lastBackup = await db
    .select({ assetId: jobs.assetId, time: max(jobs.finishedAt) })
    .from(jobs)
    .where(and(eq(jobs.kind, "backup"), eq(jobs.status, "succeeded"), isNotNull(jobs.assetId)))
    .groupBy(jobs.assetId);
  const byAsset = (rows: { assetId: string | null; time: Date | string | null }[]) =>
    new Map(rows.map((r) => [r.assetId, seconds(r.time)]));
  const newestBy = byAsset(newest);
  const verifiedBy = byAsset(verified);
  const lastBackupBy = byAsset(lastBackup);

  const lastSuccess = new Gauge({
    name: "lifeboat_last_successful_backup_timestamp_seconds",
    help: "When the asset's last backup succeeded (its newest restore point's time if the job is gone).",
    labelNames: ["asset"],
    registers,
  });
  const newestPoint = new Gauge({
    name: "lifeboat_newest_restore_point_timestamp_seconds",
    help: "Time of the asset's newest restore point.",
    labelNames: ["asset"],
    registers,
  });
  const newestVerified = new Gauge({
    name: "lifeboat_newest_verified_restore_point_timestamp_seconds",
    help: "Time of the asset's newest restore point whose verification drill passed.",
    labelNames: ["asset"],
    registers,
  });
  for (const asset of assetRows) {
    const success = lastBackupBy.get(asset.id) ?? newestBy.get(asset.id);
    if (success != null) lastSuccess.set({ asset: asset.name }, success);
    const point = newestBy.get(asset.id);
    if (point != null) newestPoint.set({ asset: asset.name }, point);
    const good = verifiedBy.get(asset.id);
    if (good != null) newestVerified.set({ asset: asset.name }, good);
  }

  // RPO: 1 when the asset's newest restore point is no older than the policy's target.
  const rpoRows = await db
    .select({ policy: policies.name, rpoHours: policies.rpoHours, assetId: assets.id, asset: assets.name })
    .from(policies)
    .innerJoin(policyAssets, eq(policyAssets.policyId, policies.id))
    .innerJoin(assets, eq(assets.id, policyAssets.assetId))
    .where(isNotNull(policies.rpoHours));
  const rpo = new Gauge({
    name: "lifeboat_rpo_compliant",
    help: "1 if the asset's newest restore point is within the policy's RPO target (rpo_hours), else 0.",
    labelNames: ["asset", "policy"],
    registers,
  });
  const nowSeconds = now.getTime() / 1000;
  for (const row of rpoRows) {
    const point = newestBy.get(row.assetId);
    const ok = point != null && nowSeconds - point <= Number(row.rpoHours) * 3600;
    rpo.set({ asset: row.asset, policy: row.policy }, ok ? 1 : 0);
  }

  const repoRows = await db
    .select({ name: repositories.name, size: repositories.sizeBytes })
    .from(repositories)
    .where(isNotNull(repositories.sizeBytes));
  const repoSize = new Gauge({
    name: "lifeboat_repository_size_bytes",
    help: "Size of the repository's files, as last measured after a backup or prune.",
    labelNames: ["repository"],
    registers,
  });
  for (const row of repoRows) repoSize.set({ repository: row.name }, Number(row.size));

  await addJobTotals(ctx, registers);
  return registry;
}

/**
 * Totals over succeeded jobs from jobs.result (counters: rate() over them gives throughput).
 * One aggregate query; jsonb fields a job kind does not record count as zero.
 */
async function addJobTotals(ctx: ServiceContext, registers: Registry[]) {
  const num = (field: string) => sql<number>`coalesce(sum((${jobs.result}->>${field})::double precision), 0)`;
  const totals = await ctx.db
    .select({
      kind: jobs.kind,
      durationMs: num("durationMs"),
      bytesRead: num("bytesRead"),
      bytesAdded: num("bytesAdded"),
    })
    .from(jobs)
    .where(and(eq(jobs.status, "succeeded"), isNotNull(jobs.result)))
    .groupBy(jobs.kind);
  const duration = new Counter({
    name: "lifeboat_job_duration_seconds_total",
    help: "Total run time of succeeded jobs by kind.",
    labelNames: ["kind"],
    registers,
  });
  const read = new Counter({
    name: "lifeboat_job_bytes_read_total",
    help: "Bytes read from sources by succeeded backups.",
    labelNames: ["kind"],
    registers,
  });
  const added = new Counter({
    name: "lifeboat_job_bytes_added_total",
    help: "Bytes added to repositories (after deduplication and compression) by succeeded backups.",
    labelNames: ["kind"],
    registers,
  });
  for (const row of totals) {
    duration.inc({ kind: row.kind }, Number(row.durationMs) / 1000);
    if (row.kind === "backup") {
      read.inc({ kind: row.kind }, Number(row.bytesRead));
      added.inc({ kind: row.kind }, Number(row.bytesAdded));
    }
  }
}
