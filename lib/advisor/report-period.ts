// Report periods in a time zone: a day from local midnight, a week from Monday 00:00, a month from
// the 1st, each as [start, end) instants. Intl gives the zone's offset; no date library needed.

export const periods = ["day", "week", "month"] as const;
export type Period = (typeof periods)[number];

export interface PeriodRange {
  period: Period;
  timezone: string;
  start: Date;
  end: Date;
  /** "2026-11-30" (the local start date), stable across processes: dedup keys use it. */
  key: string;
  /** "week of 30 Nov 2026", "Mon 30 Nov 2026", "November 2026" */
  label: string;
}

interface Local {
  y: number;
  m: number;
  d: number;
}

function localDate(at: Date, timezone: string): Local & { weekday: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      weekday: "short",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday);
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), weekday };
}

/** Offset of the zone from UTC at `at`, in ms (positive east of Greenwich). */
function offsetMs(at: number, timezone: string): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    })
      .formatToParts(new Date(at))
      .map((x) => [x.type, Number(x.value)]),
  );
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant of local wall time y-m-d hh:mm in the zone (the first, when it occurs twice). */
export function zonedTime(local: Local, timezone: string, hour = 0, minute = 0): Date {
  const guess = Date.UTC(local.y, local.m - 1, local.d, hour, minute);
  let at = guess - offsetMs(guess, timezone);
  at = guess - offsetMs(at, timezone);
  return new Date(at);
}

function addDays(l: Local, n: number): Local {
  const d = new Date(Date.UTC(l.y, l.m - 1, l.d + n));
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

const iso = (l: Local) => `${l.y}-${String(l.m).padStart(2, "0")}-${String(l.d).padStart(2, "0")}`;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const LONG_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const human = (l: Local) => `${l.d} ${MONTHS[l.m - 1]} ${l.y}`;

/** The period of the given kind that contains `at`. */
export function periodContaining(period: Period, at: Date, timezone = "UTC"): PeriodRange {
  const today = localDate(at, timezone);
  let first: Local;
  let next: Local;
  let label: string;
  if (period === "day") {
    first = today;
    next = addDays(today, 1);
    label = human(first);
  } else if (period === "week") {
    first = addDays(today, -today.weekday);
    next = addDays(first, 7);
    label = `week of ${human(first)}`;
  } else {
    first = { y: today.y, m: today.m, d: 1 };
    next = today.m === 12 ? { y: today.y + 1, m: 1, d: 1 } : { y: today.y, m: today.m + 1, d: 1 };
    label = `${LONG_MONTHS[first.m - 1]} ${first.y}`;
  }
  return {
    period,
    timezone,
    start: zonedTime(first, timezone),
    end: zonedTime(next, timezone),
    key: `${period}:${iso(first)}:${timezone}`,
    label,
  };
}

/** The last complete period before the one containing `now` (what a scheduled report covers). */
export function previousPeriod(period: Period, now: Date, timezone = "UTC"): PeriodRange {
  const current = periodContaining(period, now, timezone);
  return periodContaining(period, new Date(current.start.getTime() - 1), timezone);
}
