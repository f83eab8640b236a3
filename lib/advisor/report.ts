// Protection report figures for one period [start, end), computed from plain rows (no database).
// The same functions serve the Reports page, the downloads, the scheduled report webhook, the CLI
// and getStatus, so a figure means the same thing wherever it is shown. Definitions:
// - RPO compliance: the share of the period (up to `now`, when the period is still running)
//   during which the asset's newest restore point was no older than its RPO. A restore point at
//   time p covers [p, p + RPO); compliance is the covered part of the period over its length.
// - Failed / missed runs: scheduled or manual backups whose job ended failed (after its retries),
//   and scheduled runs recorded as missed, counted by when they were due (missed) or ended.
// - Drills: verify jobs that ended in the period; passed = succeeded.
// - Storage added: bytes the period's backups wrote to the repository after deduplication and
//   compression. Space freed by pruning is not subtracted: net growth is at most this.
// - Projected 30-day growth: storage added scaled linearly to 30 days (an estimate).

export const HOUR_MS = 3_600_000;
/** Without an RPO on any of its policies, an asset is late after a day and two hours. */
export const DEFAULT_RPO_HOURS = 26;

export interface ReportAsset {
  id: string;
  name: string;
}
export interface ReportPolicy {
  enabled: boolean;
  rpoHours: number | null;
  assetIds: string[];
}
export interface ReportPoint {
  assetId: string;
  time: Date;
  verifiedStatus: string;
  bytesAdded: number;
}
export interface ReportJob {
  kind: string;
  status: string;
  assetId: string | null;
  scheduledFor: Date | null;
  finishedAt: Date | null;
}
export interface ReportRows {
  assets: ReportAsset[];
  policies: ReportPolicy[];
  /** Every restore point with time < end (earlier ones decide compliance at the period's start). */
  points: ReportPoint[];
  /** Jobs that ended (or, missed, were due) in the period; others are ignored. */
  jobs: ReportJob[];
}

export interface AssetFigures {
  asset: string;
  assetId: string;
  /** False: no enabled policy covers it (its compliance is still computed, against the default). */
  covered: boolean;
  rpoHours: number;
  rpoFromPolicy: boolean;
  /** 0..1 */
  rpoCompliance: number;
  /** Hours of the period during which the newest restore point was older than the RPO. */
  hoursOutsideRpo: number;
  backupsSucceeded: number;
  backupsFailed: number;
  backupsMissed: number;
  drillsPassed: number;
  drillsFailed: number;
  drillsMissed: number;
  newestPointAt: Date | null;
  newestVerifiedAt: Date | null;
  storageAddedBytes: number;
}

export interface ReportFigures {
  start: Date;
  end: Date;
  /** The end of what was observed: min(end, now). */
  observedUntil: Date;
  assets: AssetFigures[];
  totals: {
    assets: number;
    covered: number;
    /** Covered assets with compliance 1. */
    fullyCompliant: number;
    /** Mean compliance of covered assets (0..1), null when none is covered. */
    rpoCompliance: number | null;
    backupsSucceeded: number;
    backupsFailed: number;
    backupsMissed: number;
    drillsPassed: number;
    drillsRun: number;
    storageAddedBytes: number;
    /** Estimate: storage added, scaled to 30 days. */
    projected30DayGrowthBytes: number;
  };
}

/** The asset's RPO: the tightest of its enabled policies, else the default. */
export function rpoOf(assetId: string, policies: ReportPolicy[]): { hours: number; fromPolicy: boolean } {
  const rpos = policies
    .filter((p) => p.enabled && p.assetIds.includes(assetId) && p.rpoHours != null)
    .map((p) => p.rpoHours as number);
  return rpos.length
    ? { hours: Math.min(...rpos), fromPolicy: true }
    : { hours: DEFAULT_RPO_HOURS, fromPolicy: false };
}

/** Milliseconds of [from, to) covered by the union of [p, p + rpo) over the point times. */
export function coveredMs(pointTimes: number[], rpoMs: number, from: number, to: number): number {
  if (to <= from) return 0;
  const sorted = [...pointTimes].sort((a, b) => a - b);
  let covered = 0;
  let reach = from; // everything before `reach` is already counted (or outside)
  for (const p of sorted) {
    const s = Math.max(p, reach);
    const e = Math.min(p + rpoMs, to);
    if (e > s) {
      covered += e - s;
      reach = e;
    }
  }
  return covered;
}

/** When a job counts: a missed run when it was due, any other when it ended. */
export function jobTime(job: ReportJob): Date | null {
  return job.status === "missed" ? (job.scheduledFor ?? job.finishedAt) : job.finishedAt;
}

export function computeReport(rows: ReportRows, start: Date, end: Date, now: Date): ReportFigures {
  const observedUntil = new Date(Math.min(end.getTime(), Math.max(now.getTime(), start.getTime())));
  const from = start.getTime();
  const to = observedUntil.getTime();
  const inPeriod = (d: Date | null) => d != null && d.getTime() >= from && d.getTime() < end.getTime();
  const figures: AssetFigures[] = [];
  for (const asset of [...rows.assets].sort((a, b) => a.name.localeCompare(b.name))) {
    const covered = rows.policies.some((p) => p.enabled && p.assetIds.includes(asset.id));
    const rpo = rpoOf(asset.id, rows.policies);
    const points = rows.points.filter((p) => p.assetId === asset.id && p.time.getTime() < end.getTime());
    const times = points.map((p) => p.time.getTime());
    const span = to - from;
    const ok = coveredMs(times, rpo.hours * HOUR_MS, from, to);
    const jobs = rows.jobs.filter((j) => j.assetId === asset.id && inPeriod(jobTime(j)));
    const count = (kind: string, status: string) =>
      jobs.filter((j) => j.kind === kind && j.status === status).length;
    const newest = (list: ReportPoint[]) =>
      list.length ? new Date(Math.max(...list.map((p) => p.time.getTime()))) : null;
    figures.push({
      asset: asset.name,
      assetId: asset.id,
      covered,
      rpoHours: rpo.hours,
      rpoFromPolicy: rpo.fromPolicy,
      rpoCompliance: span > 0 ? ok / span : 1,
      hoursOutsideRpo: (span - ok) / HOUR_MS,
      backupsSucceeded: count("backup", "succeeded"),
      backupsFailed: count("backup", "failed"),
      backupsMissed: count("backup", "missed"),
      drillsPassed: count("verify", "succeeded"),
      drillsFailed: count("verify", "failed"),
      drillsMissed: count("verify", "missed"),
      newestPointAt: newest(points),
      newestVerifiedAt: newest(points.filter((p) => p.verifiedStatus === "verified")),
      storageAddedBytes: points.filter((p) => inPeriod(p.time)).reduce((sum, p) => sum + p.bytesAdded, 0),
    });
  }
  const coveredAssets = figures.filter((f) => f.covered);
  const sum = (pick: (f: AssetFigures) => number) => figures.reduce((s, f) => s + pick(f), 0);
  const storageAddedBytes = sum((f) => f.storageAddedBytes);
  const observedMs = to - from;
  return {
    start,
    end,
    observedUntil,
    assets: figures,
    totals: {
      assets: figures.length,
      covered: coveredAssets.length,
      fullyCompliant: coveredAssets.filter((f) => f.rpoCompliance >= 1).length,
      rpoCompliance: coveredAssets.length
        ? coveredAssets.reduce((s, f) => s + f.rpoCompliance, 0) / coveredAssets.length
        : null,
      backupsSucceeded: sum((f) => f.backupsSucceeded),
      backupsFailed: sum((f) => f.backupsFailed),
      backupsMissed: sum((f) => f.backupsMissed),
      drillsPassed: sum((f) => f.drillsPassed),
      drillsRun: sum((f) => f.drillsPassed + f.drillsFailed),
      storageAddedBytes,
      projected30DayGrowthBytes:
        observedMs > 0 ? Math.round((storageAddedBytes * 30 * 24 * HOUR_MS) / observedMs) : 0,
    },
  };
}

/** Is the asset inside its RPO at `now`? (getStatus and the breach monitor ask this.) */
export function rpoBreach(
  newestPointAt: Date | null,
  rpoHours: number,
  now: Date,
): { breached: boolean; overdueMs: number } {
  if (!newestPointAt) return { breached: true, overdueMs: 0 };
  const overdueMs = now.getTime() - newestPointAt.getTime() - rpoHours * HOUR_MS;
  return { breached: overdueMs > 0, overdueMs: Math.max(0, overdueMs) };
}
