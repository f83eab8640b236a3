// restic's one-line summary of a policy ("keep 7 daily, 4 weekly snapshots and all snapshots
// within 30d of the newest"), printed before forget and useful as a preview caption.
import { formatDuration, isZeroDuration } from "./duration";
import type { RetentionRules } from "./policy";

const COUNTS = [
  ["last", "latest"],
  ["hourly", "hourly"],
  ["daily", "daily"],
  ["weekly", "weekly"],
  ["monthly", "monthly"],
  ["yearly", "yearly"],
] as const;

const WITHINS = [
  ["withinHourly", "hourly"],
  ["withinDaily", "daily"],
  ["withinWeekly", "weekly"],
  ["withinMonthly", "monthly"],
  ["withinYearly", "yearly"],
] as const;

export function describePolicy(r: RetentionRules): string {
  const counts = COUNTS.filter(([k]) => (r[k] ?? 0) > 0).map(([k, word]) => `${r[k]} ${word}`);
  const withins = WITHINS.filter(([k]) => !isZeroDuration(r[k])).map(
    ([k, word]) =>
      `${word} snapshots within ${formatDuration(r[k] as NonNullable<RetentionRules[typeof k]>)}`,
  );
  let s = counts.length ? `${counts.join(", ")} snapshots` : "";
  if (withins.length) s += (s ? ", " : "") + withins.join(", ");
  if (r.tags?.length)
    s += `${s ? " and " : ""}all snapshots with tags [${r.tags.map((l) => `[${l.join(", ")}]`).join(" ")}]`;
  if (r.within && !isZeroDuration(r.within))
    s += `${s ? " and " : ""}all snapshots within ${formatDuration(r.within)} of the newest`;
  return `keep ${s}`;
}
