// A recovery plan from an incident: for each affected asset the restore point to bring back, where
// it goes, in which order, how long it should take and how much data is lost. Pure: the service
// (lib/services/recovery.ts) reads the restore points and the measured restore throughput and
// saves what this returns, so the rules below are tested with constructed points.
//
// The rules, in the order a careful operator applies them under stress:
//   - only points taken at or before the incident count (a newer one may hold the damage);
//   - among them the newest verified one (a drill restored it), else the newest unverified one,
//     else the newest whose drill failed — each choice but the first states its risk;
//   - an asset with nothing before the incident stays in the plan with that risk, never dropped;
//   - databases before the folders that depend on them, when asked (two stages, one after the
//     other); otherwise one stage, all at once;
//   - time to recover = bytes / restore throughput (measured on earlier restores, or assumed);
//   - data-loss window = incident time − the chosen point's time.

export type VerifiedStatus = "unverified" | "verified" | "failed";

export interface CandidatePoint {
  id: string;
  time: Date;
  verifiedStatus: VerifiedStatus;
  sizeBytes: number;
  /** Why its drill failed, when it did. */
  verifiedError?: string | null;
}

export interface RecoveryAsset {
  id: string;
  name: string;
  kind: "directory" | "postgres";
  points: CandidatePoint[];
}

export interface Throughput {
  bytesPerSecond: number;
  /** False when nothing was restored here yet and the figure is the assumed one. */
  measured: boolean;
}

export interface PlanOptions {
  incidentAt: Date;
  throughput: Throughput;
  /** Databases first, then folders (two stages); else every restore in one stage. */
  databasesFirst?: boolean;
  /** Where the asset goes by default (a new folder or database). */
  targetFor: (asset: RecoveryAsset) => string;
}

export interface PlanItem {
  assetId: string;
  assetName: string;
  kind: "directory" | "postgres";
  /** 1-based position in the plan. */
  position: number;
  /** Stage 1 runs first; stage 2 starts when stage 1 has ended (databasesFirst only). */
  stage: number;
  point: CandidatePoint | null;
  /** What could go wrong with this choice, in words; null for a verified point before the incident. */
  risk: string | null;
  target: string;
  overwrite: boolean;
  estimatedSeconds: number | null;
  /** Incident time minus the point's time; null without a point. */
  dataLossSeconds: number | null;
}

export interface RecoveryPlanDraft {
  incidentAt: Date;
  throughput: Throughput;
  databasesFirst: boolean;
  items: PlanItem[];
  /** The stages one after the other, the restores of a stage one at a time (one worker). */
  estimatedSeconds: number;
}

/** The point to bring back for an incident at `incidentAt`, and its risk in words. */
export function choosePoint(
  points: CandidatePoint[],
  incidentAt: Date,
): { point: CandidatePoint | null; risk: string | null } {
  const before = points
    .filter((p) => p.time.getTime() <= incidentAt.getTime())
    .sort((a, b) => b.time.getTime() - a.time.getTime());
  const newest = (status: VerifiedStatus) => before.find((p) => p.verifiedStatus === status);
  const verified = newest("verified");
  if (verified) return { point: verified, risk: null };
  const unverified = newest("unverified");
  if (unverified) return { point: unverified, risk: "not verified: no drill has restored this point yet" };
  const failed = newest("failed");
  if (failed)
    return {
      point: failed,
      risk: `its drill failed${failed.verifiedError ? ` (${failed.verifiedError})` : ""}: it may not restore`,
    };
  const after = points.length - before.length;
  return {
    point: null,
    risk:
      after > 0
        ? `no restore point before the incident: all ${after} are newer and may hold the damage`
        : "no restore point at all: this asset cannot be recovered from backups",
  };
}

export function estimateSeconds(bytes: number, throughput: Throughput): number {
  return Math.max(1, Math.ceil(bytes / Math.max(1, throughput.bytesPerSecond)));
}

export function dataLossSeconds(incidentAt: Date, point: CandidatePoint): number {
  return Math.max(0, Math.round((incidentAt.getTime() - point.time.getTime()) / 1000));
}

/** Databases first when asked; by name within a kind, so the order is the same every time. */
function ordered(assets: RecoveryAsset[], databasesFirst: boolean): RecoveryAsset[] {
  return assets.slice().sort((a, b) => {
    if (databasesFirst && a.kind !== b.kind) return a.kind === "postgres" ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

export function planRecovery(assets: RecoveryAsset[], options: PlanOptions): RecoveryPlanDraft {
  const databasesFirst = Boolean(options.databasesFirst);
  const hasDatabases = assets.some((a) => a.kind === "postgres");
  const items = ordered(assets, databasesFirst).map((asset, i): PlanItem => {
    const { point, risk } = choosePoint(asset.points, options.incidentAt);
    return {
      assetId: asset.id,
      assetName: asset.name,
      kind: asset.kind,
      position: i + 1,
      stage: databasesFirst && hasDatabases && asset.kind === "directory" ? 2 : 1,
      point,
      risk,
      target: options.targetFor(asset),
      overwrite: false,
      estimatedSeconds: point ? estimateSeconds(point.sizeBytes, options.throughput) : null,
      dataLossSeconds: point ? dataLossSeconds(options.incidentAt, point) : null,
    };
  });
  return {
    incidentAt: options.incidentAt,
    throughput: options.throughput,
    databasesFirst,
    items,
    estimatedSeconds: items.reduce((sum, item) => sum + (item.estimatedSeconds ?? 0), 0),
  };
}

/** "1 h 5 min", "45 s": durations as a person reads them in a plan. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}
