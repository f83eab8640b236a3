// Retention preview: which restore points a rule keeps over the coming months, and the storage
// that follows. The selection is the engine's own applyPolicy (what the forget job runs through
// forgetSnapshots), applied after every simulated backup as the real follow-up forget is.
import { Cron } from "croner";
import { applyPolicy, formatGoTime, type GroupBy, type RetentionRules, type Snapshot } from "@/lib/engine";
import type { AssetFacts } from "./types";

/** One asset's snapshots form one group, as the forget job's ASSET_GROUP_BY makes them. */
const ONE_GROUP: GroupBy = { host: false, paths: false, tags: false };
const NO_TREE = "0".repeat(64);

export interface PreviewPoint {
  id: string;
  time: Date;
  /**
   * The snapshot's own time text when known. restic buckets days and weeks by the wall time a
   * snapshot was written in (the backing-up host's zone); without it the time is written as a
   * backup on this host writes it.
   */
  timeText?: string;
}

/** The points the rules keep at `now`, newest first, decided by the engine's policy code. */
export function keptPoints(points: PreviewPoint[], rules: RetentionRules, now: Date): PreviewPoint[] {
  const byId = new Map(points.map((p) => [p.id, p]));
  const snapshots: Snapshot[] = points.map((p) => ({
    id: p.id,
    time: p.timeText ?? formatGoTime(p.time),
    tree: NO_TREE,
    paths: [],
  }));
  return applyPolicy(snapshots, rules, now, ONE_GROUP).flatMap((g) =>
    g.keep.map((s) => byId.get(s.id) as PreviewPoint),
  );
}

export interface PreviewMonth {
  /** The end of the month simulated (month 0: now, before any new run). */
  at: Date;
  kept: number;
  oldest: Date | null;
  newest: Date | null;
  /** Stored bytes by the advisor's model: size plus the change each kept point alone holds. */
  storedBytes: number;
}

export interface RetentionPreview {
  months: PreviewMonth[];
  /** Points kept at the end, newest first. */
  kept: PreviewPoint[];
  runs: number;
}

/** Size plus, for each kept point, the change since the previous kept one (at most a full copy). */
export function modelStorage(
  kept: PreviewPoint[],
  facts: Pick<AssetFacts, "storedBytes" | "changePerHour">,
): number {
  const times = kept.map((p) => p.time.getTime()).sort((a, b) => a - b);
  let total = times.length ? facts.storedBytes : 0;
  for (let i = 1; i < times.length; i++) {
    total += Math.min((facts.changePerHour * (times[i] - times[i - 1])) / 3_600_000, facts.storedBytes);
  }
  return total;
}

/**
 * Runs the schedule forward from `now` for `months` months (30-day steps), forgetting after each
 * run, starting from the asset's existing points.
 */
export function previewRetention(opts: {
  existing: PreviewPoint[];
  rules: RetentionRules;
  cron: string;
  timezone?: string;
  months: number;
  now: Date;
  facts: Pick<AssetFacts, "storedBytes" | "changePerHour">;
}): RetentionPreview {
  const cron = new Cron(opts.cron, { timezone: opts.timezone ?? "UTC", paused: true });
  let points = keptPoints(opts.existing, opts.rules, opts.now);
  const months: PreviewMonth[] = [snapshotOf(opts.now, points, opts.facts)];
  let cursor = opts.now;
  let runs = 0;
  for (let m = 1; m <= opts.months; m++) {
    const end = new Date(opts.now.getTime() + m * 30 * 86_400_000);
    for (;;) {
      const next = cron.nextRun(cursor);
      if (!next || next > end) break;
      cursor = next;
      runs++;
      points = keptPoints([{ id: `run-${runs}`, time: next }, ...points], opts.rules, next);
    }
    cursor = end;
    months.push(snapshotOf(end, points, opts.facts));
  }
  cron.stop();
  return { months, kept: points, runs };
}

function snapshotOf(
  at: Date,
  kept: PreviewPoint[],
  facts: Pick<AssetFacts, "storedBytes" | "changePerHour">,
): PreviewMonth {
  const times = kept.map((p) => p.time.getTime());
  return {
    at,
    kept: kept.length,
    oldest: times.length ? new Date(Math.min(...times)) : null,
    newest: times.length ? new Date(Math.max(...times)) : null,
    storedBytes: modelStorage(kept, facts),
  };
}
