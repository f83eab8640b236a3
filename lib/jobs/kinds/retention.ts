// A policy's retention (db/schema.ts Retention, what the dashboard and CLI edit) as the engine's
// restic-style rules. keepLast/hourly/… are restic's --keep-* counts; withinDays is --keep-within
// "<n>d" (measured back from the asset's newest snapshot, as restic does, not from now).
import type { Retention } from "@/db/schema";
import type { ForgetOptions, RetentionRules } from "@/lib/engine";

type GroupBy = NonNullable<ForgetOptions["groupBy"]>;
type SnapshotSelection = NonNullable<ForgetOptions["selection"]>;

/** True when the policy keeps by some rule (an empty policy would make forget a no-op). */
export function hasRetention(r: Retention | null | undefined): boolean {
  return Object.keys(retentionRules(r)).length > 0;
}

export function retentionRules(r: Retention | null | undefined): RetentionRules {
  const rules: RetentionRules = {};
  if (!r) return rules;
  if (r.keepLast) rules.last = r.keepLast;
  if (r.hourly) rules.hourly = r.hourly;
  if (r.daily) rules.daily = r.daily;
  if (r.weekly) rules.weekly = r.weekly;
  if (r.monthly) rules.monthly = r.monthly;
  if (r.yearly) rules.yearly = r.yearly;
  if (r.withinDays) rules.within = { years: 0, months: 0, days: r.withinDays, hours: 0 };
  return rules;
}

/** Only the asset's own snapshots (restic: --tag asset:<id>). */
export function assetSelection(assetId: string): SnapshotSelection {
  return { tags: [[`asset:${assetId}`]] };
}

/**
 * One group per asset: the selection already holds exactly one asset's snapshots, and grouping by
 * host would split them when unbound workers on different hosts took turns backing it up.
 */
export const ASSET_GROUP_BY: GroupBy = { host: false, paths: false, tags: false };
