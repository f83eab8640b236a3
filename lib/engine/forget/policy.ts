// restic 0.14's ExpirePolicy applied to one group of snapshots (internal/restic/snapshot_policy.go):
// newest first, each snapshot kept if any rule still wants it, with the reasons restic prints.
import type { Snapshot } from "../snapshot";
import {
  type BucketKind,
  bucketOf,
  GO_ZERO_TIME,
  instantBefore,
  parseWallTime,
  type WallTime,
} from "./calendar";
import { type Duration, formatDuration, isZeroDuration } from "./duration";
import { hasTags } from "./group";

export interface RetentionRules {
  last?: number;
  hourly?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
  /** Keep everything newer than this, measured back from the newest snapshot (not from now). */
  within?: Duration;
  withinHourly?: Duration;
  withinDaily?: Duration;
  withinWeekly?: Duration;
  withinMonthly?: Duration;
  withinYearly?: Duration;
  /** Keep snapshots that carry all tags of at least one of these lists. */
  tags?: string[][];
}

export interface KeepCounters {
  last?: number;
  hourly?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
}

export interface KeepReason {
  snapshot: Snapshot;
  matches: string[];
  /** Counts left after this snapshot; zero counts are left out, as restic's JSON does. */
  counters: KeepCounters;
}

export interface PolicyOutcome {
  keep: Snapshot[];
  remove: Snapshot[];
  reasons: KeepReason[];
}

const COUNTED = [
  { rule: "last", kind: null, reason: "last snapshot" },
  { rule: "hourly", kind: "hourly", reason: "hourly snapshot" },
  { rule: "daily", kind: "daily", reason: "daily snapshot" },
  { rule: "weekly", kind: "weekly", reason: "weekly snapshot" },
  { rule: "monthly", kind: "monthly", reason: "monthly snapshot" },
  { rule: "yearly", kind: "yearly", reason: "yearly snapshot" },
] as const satisfies readonly { rule: keyof KeepCounters; kind: BucketKind | null; reason: string }[];

const WITHIN = [
  { rule: "withinHourly", kind: "hourly", reason: "hourly within" },
  { rule: "withinDaily", kind: "daily", reason: "daily within" },
  { rule: "withinWeekly", kind: "weekly", reason: "weekly within" },
  { rule: "withinMonthly", kind: "monthly", reason: "monthly within" },
  { rule: "withinYearly", kind: "yearly", reason: "yearly within" },
] as const satisfies readonly { rule: keyof RetentionRules; kind: BucketKind; reason: string }[];

/** restic's Empty(): no rule set at all. Note a negative count is a rule (one that keeps nothing). */
export function isEmptyPolicy(r: RetentionRules): boolean {
  return (
    !r.tags?.length &&
    COUNTED.every((c) => !r[c.rule]) &&
    isZeroDuration(r.within) &&
    WITHIN.every((w) => isZeroDuration(r[w.rule]))
  );
}

/** Newest snapshot time that is not in the future; Go's zero time when there is none. */
function latestTime(times: WallTime[], nowNs: bigint): WallTime {
  let latest = GO_ZERO_TIME;
  for (const t of times) if (t.ns > latest.ns && t.ns < nowNs) latest = t;
  return latest;
}

/** Newest first; equal times keep their input order (Go's sort.Stable). */
function newestFirst(snapshots: Snapshot[]): { sn: Snapshot; t: WallTime }[] {
  return snapshots
    .map((sn, i) => ({ sn, t: parseWallTime(sn.time), i }))
    .sort((a, b) => (a.t.ns === b.t.ns ? a.i - b.i : a.t.ns > b.t.ns ? -1 : 1));
}

export function applyPolicyToGroup(
  snapshots: Snapshot[],
  rules: RetentionRules,
  now = new Date(),
): PolicyOutcome {
  const list = newestFirst(snapshots);
  if (isEmptyPolicy(rules)) {
    return { keep: list.map((e) => e.sn), remove: [], reasons: list.map((e) => emptyPolicyReason(e.sn)) };
  }
  const out: PolicyOutcome = { keep: [], remove: [], reasons: [] };
  if (list.length === 0) return out;
  const latest = latestTime(
    list.map((e) => e.t),
    BigInt(now.getTime()) * 1_000_000n,
  );
  const counted = COUNTED.map((c) => ({ ...c, count: rules[c.rule] ?? 0, last: -1 }));
  const within = WITHIN.map((w) => ({ ...w, duration: rules[w.rule], last: -1 }));
  list.forEach(({ sn, t }, nr) => {
    const matches: string[] = [];
    for (const tagList of rules.tags ?? []) {
      if (hasTags(sn, tagList)) matches.push(`has tags [${tagList.join(", ")}]`);
    }
    if (rules.within && !isZeroDuration(rules.within) && t.ns > instantBefore(latest, rules.within)) {
      matches.push(`within ${formatDuration(rules.within)}`);
    }
    for (const b of counted) {
      if (b.count <= 0) continue;
      const bucket = b.kind ? bucketOf(b.kind, t) : nr;
      if (bucket !== b.last) {
        b.last = bucket;
        b.count--;
        matches.push(b.reason);
      }
    }
    for (const b of within) {
      if (!b.duration || isZeroDuration(b.duration) || !(t.ns > instantBefore(latest, b.duration))) continue;
      const bucket = bucketOf(b.kind, t);
      if (bucket !== b.last) {
        b.last = bucket;
        matches.push(`${b.reason} ${formatDuration(b.duration)}`);
      }
    }
    if (matches.length === 0) {
      out.remove.push(sn);
      return;
    }
    out.keep.push(sn);
    const counters: KeepCounters = {};
    for (const b of counted) if (b.count !== 0) counters[b.rule] = b.count;
    out.reasons.push({ snapshot: sn, matches, counters });
  });
  return out;
}

function emptyPolicyReason(snapshot: Snapshot): KeepReason {
  return { snapshot, matches: ["policy is empty"], counters: {} };
}
