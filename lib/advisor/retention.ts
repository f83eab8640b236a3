// Candidate retention rule sets for a schedule and a required reach, and the storage they hold.
//
// Storage model (stated in the output): the asset's stored size, plus for every kept restore point
// but the newest the data only it holds: the change since the previous kept point, capped at the
// stored size (a point cannot hold more unique data than a full copy). Tiers (last runs, daily,
// weekly, monthly, yearly) each add the points beyond the reach of the finer ones, as restic's
// bucketed rules do for regular runs.

import { retentionInWords } from "@/lib/policy-words";
import type { AssetFacts, RetentionRule } from "./types";

const HOURS_PER_MONTH = 730;
const HOURS_PER_YEAR = 8760;

export interface Tier {
  /** Points this tier adds beyond the finer tiers. */
  count: number;
  /** Hours between its points. */
  gapHours: number;
  /** Age (hours) where the tier starts and ends. */
  fromHours: number;
  toHours: number;
}

/** The kept points of a rule at steady state, for runs every `intervalHours`. */
export function tiersOf(rule: RetentionRule, intervalHours: number): Tier[] {
  const tiers: Tier[] = [];
  let reach = 0;
  const add = (n: number | undefined, gapHours: number) => {
    if (!n) return;
    const gap = Math.max(gapHours, intervalHours);
    const count = Math.max(0, n - Math.floor(reach / gap));
    if (count > 0) tiers.push({ count, gapHours: gap, fromHours: reach, toHours: reach + count * gap });
    reach = Math.max(reach, n * gap);
  };
  add(rule.keepLast, intervalHours);
  add(rule.hourly, 1);
  add(rule.daily, 24);
  add(rule.weekly, 168);
  add(rule.monthly, HOURS_PER_MONTH);
  add(rule.yearly, HOURS_PER_YEAR);
  return tiers;
}

/** Age (days) of the oldest point kept at steady state: the newest point is age 0. */
export function reachDays(rule: RetentionRule, intervalHours: number): number {
  const last = tiersOf(rule, intervalHours).at(-1);
  return last ? (last.toHours - last.gapHours) / 24 : 0;
}

/** Unique stored bytes of one kept point whose successor is `gapHours` later. */
export function uniqueBytes(facts: AssetFacts, gapHours: number): number {
  return Math.min(facts.changePerHour * gapHours, facts.storedBytes);
}

/** Stored bytes `days` from now when retention starts from nothing (a new policy). */
export function storageAfter(
  facts: AssetFacts,
  rule: RetentionRule,
  intervalHours: number,
  days: number,
): number {
  const hours = days * 24;
  let total = facts.storedBytes + facts.growthPerDay * days;
  for (const t of tiersOf(rule, intervalHours)) {
    const filled = Math.min(t.count, Math.max(0, Math.floor((hours - t.fromHours) / t.gapHours)));
    total += filled * uniqueBytes(facts, t.gapHours);
  }
  return total;
}

/** Stored bytes once every tier is full (growth left out: it is not retention's to free). */
export function steadyStorage(facts: AssetFacts, rule: RetentionRule, intervalHours: number): number {
  return tiersOf(rule, intervalHours).reduce(
    (sum, t) => sum + t.count * uniqueBytes(facts, t.gapHours),
    facts.storedBytes,
  );
}

/**
 * The rule sets tried for a schedule: every run of the last day (sub-daily schedules), then
 * either one point a day for the whole reach, or 7 daily + weekly, or 7 daily + 4 weekly +
 * monthly, or (for a year and more) + 12 monthly + yearly. Each reaches `keepDays` by itself (n points
 * a gap apart reach (n - 1) gaps back).
 */
export function candidateRetentions(keepDays: number, intervalHours: number): RetentionRule[] {
  const last = intervalHours < 24 ? { keepLast: Math.round(24 / intervalHours) } : {};
  const hours = keepDays * 24;
  const out: RetentionRule[] = [{ ...last, daily: Math.ceil(hours / Math.max(24, intervalHours)) + 1 }];
  if (keepDays > 7 && intervalHours <= 24)
    out.push({ ...last, daily: 7, weekly: Math.ceil(hours / 168) + 1 });
  if (keepDays > 31 && intervalHours <= 168)
    out.push({
      ...last,
      ...(intervalHours <= 24 ? { daily: 7 } : {}),
      weekly: 4,
      monthly: Math.ceil(hours / HOURS_PER_MONTH) + 1,
    });
  if (keepDays > 365)
    out.push({
      ...last,
      ...(intervalHours <= 24 ? { daily: 7 } : {}),
      weekly: 4,
      monthly: 12,
      yearly: Math.ceil(hours / HOURS_PER_YEAR) + 1,
    });
  return out;
}

/** The advisor's retention in the words every other place uses. */
export const retentionText = (r: RetentionRule): string => retentionInWords(r);
