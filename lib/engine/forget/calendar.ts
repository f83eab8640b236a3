// Wall-clock arithmetic on snapshot times. restic (Go) keeps the UTC offset a snapshot time was
// written with and buckets by the wall clock in that offset: a snapshot at 2024-01-01T00:30+02:00
// belongs to 1 January even though it is 31 December in UTC. So the fields come from the stored
// text, never from the host's zone.
import { parseGoTimeNs } from "../time";
import type { Duration } from "./duration";

export interface WallTime {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Sub-second part in nanoseconds. */
  fraction: bigint;
  offsetMinutes: number;
  /**
   * Go's time.Parse gives a numeric offset the host's own zone when that zone had this offset at
   * that instant (so calendar arithmetic then follows the host's DST rules), a fixed zone
   * otherwise; "Z" is always UTC.
   */
  hostZone: boolean;
  /** The instant, in nanoseconds since the Unix epoch. */
  ns: bigint;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

export function parseWallTime(text: string): WallTime {
  const m = RFC3339.exec(text);
  if (!m) throw new Error(`invalid snapshot time "${text}"`);
  const [, y, mo, d, h, mi, s, frac = "", zone] = m;
  const ns = parseGoTimeNs(text);
  const offsetMinutes =
    zone === "Z"
      ? 0
      : (zone[0] === "+" ? 1 : -1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return {
    year: +y,
    month: +mo,
    day: +d,
    hour: +h,
    minute: +mi,
    second: +s,
    fraction: BigInt(frac.padEnd(9, "0") || "0"),
    offsetMinutes,
    hostZone: zone !== "Z" && hostOffsetMinutes(Number(ns / 1_000_000n)) === offsetMinutes,
    ns,
  };
}

/** The host zone's offset east of UTC at an instant, as Go's Local.lookup gives it. */
function hostOffsetMinutes(ms: number): number {
  return -new Date(ms).getTimezoneOffset();
}

/**
 * Go's time.Date in the host zone: guess the offset at the wall time read as UTC, and if the
 * instant that gives lies under another offset (a DST change in between), take that one.
 */
function hostZoneInstantMs(wallMs: number): number {
  let offset = hostOffsetMinutes(wallMs);
  if (offset !== 0) {
    const other = hostOffsetMinutes(wallMs - offset * 60_000);
    if (other !== offset) offset = other;
  }
  return wallMs - offset * 60_000;
}

/** Go's zero time (0001-01-01T00:00:00Z), restic's "latest" when every snapshot lies in the future. */
export const GO_ZERO_TIME: WallTime = parseWallTime("0001-01-01T00:00:00Z");

const GREGORIAN_CYCLE_MS = 146_097 * 86_400_000; // 400 years, exactly

/**
 * Milliseconds of a wall-clock date read as UTC, normalising overflowing months and days the way
 * Go's time.Date does. Date.UTC maps years 0..99 to 19xx, so compute 400 years later (the
 * Gregorian calendar repeats every 400 years) and step back.
 */
function utcMs(year: number, month0: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year + 400, month0, day, hour, minute, second) - GREGORIAN_CYCLE_MS;
}

/** ISO 8601 year and week number of the wall date (Go's Time.ISOWeek). */
export function isoWeek(t: Pick<WallTime, "year" | "month" | "day">): { year: number; week: number } {
  const date = new Date(utcMs(t.year, t.month - 1, t.day));
  const mondayBased = (date.getUTCDay() + 6) % 7;
  // The ISO year is the year of the Thursday in the same week.
  const thursday = new Date(date.getTime() + (3 - mondayBased) * 86_400_000);
  const isoYear = thursday.getUTCFullYear();
  const jan1 = utcMs(isoYear, 0, 1);
  return { year: isoYear, week: Math.floor((thursday.getTime() - jan1) / (7 * 86_400_000)) + 1 };
}

export type BucketKind = "hourly" | "daily" | "weekly" | "monthly" | "yearly";

/** restic's bucket numbers: YYYYMMDDHH, YYYYMMDD, YYYYWW (ISO), YYYYMM, YYYY. */
export function bucketOf(kind: BucketKind, t: WallTime): number {
  switch (kind) {
    case "hourly":
      return t.year * 1_000_000 + t.month * 10_000 + t.day * 100 + t.hour;
    case "daily":
      return t.year * 10_000 + t.month * 100 + t.day;
    case "weekly": {
      const { year, week } = isoWeek(t);
      return year * 100 + week;
    }
    case "monthly":
      return t.year * 100 + t.month;
    case "yearly":
      return t.year;
  }
}

/**
 * The instant `d` before `latest`, as Go's latest.AddDate(-y, -m, -d).Add(-h hours): the date
 * part moves on the wall calendar (31 March minus one month normalises to 2 or 3 March, as Go
 * does), the hours move on the absolute clock.
 */
export function instantBefore(latest: WallTime, d: Duration): bigint {
  const wallMs = utcMs(
    latest.year - d.years,
    latest.month - 1 - d.months,
    latest.day - d.days,
    latest.hour,
    latest.minute,
    latest.second,
  );
  const ms = latest.hostZone ? hostZoneInstantMs(wallMs) : wallMs - latest.offsetMinutes * 60_000;
  return BigInt(ms) * 1_000_000n + latest.fraction - BigInt(d.hours) * 3_600_000_000_000n;
}
