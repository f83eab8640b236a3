// Times as people write them: ISO-8601 ("2026-11-28T14:00:00Z") or words ("yesterday 14:00",
// "2 hours ago", "last friday at noon"), read in a time zone (an IANA name; the machine's by
// default). The CLI's --at/--before/--after use it, and so can the assistant's planner.
import * as chrono from "chrono-node";

/** The machine's IANA zone (TZ, or the system's). */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Minutes east of UTC in `zone` at `at` (Europe/Berlin in winter: 60). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

export class TimeParseError extends Error {
  override name = "TimeParseError";
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The instant `text` names. A wall-clock time without a zone is read in `timeZone`, with the
 * zone's offset on that day (so "last sunday 14:00" across a change to summer time is right).
 */
export function parseTime(text: string, options: { timeZone?: string; now?: Date } = {}): Date {
  const input = text.trim();
  const now = options.now ?? new Date();
  const zone = options.timeZone ?? machineTimeZone();
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
  } catch {
    throw new TimeParseError(
      `"${zone}" is not a known time zone; use an IANA name such as Europe/Berlin or UTC`,
    );
  }
  if (ISO_WITH_ZONE.test(input)) {
    const date = new Date(input);
    if (!Number.isNaN(date.getTime())) return date;
  }
  const read = (offset: number): Date | null => {
    const [found] = chrono.parse(input, { instant: now, timezone: offset }, { forwardDate: false });
    if (!found) return null;
    // The whole text must be the time: "the day after never" is not "the day after".
    const rest = input.slice(0, found.index) + input.slice(found.index + found.text.length);
    return /[\p{L}\p{N}]/u.test(rest) ? null : found.start.date();
  };
  const first = read(zoneOffsetMinutes(zone, now));
  if (!first) {
    throw new TimeParseError(
      `cannot read "${text}" as a time: use ISO-8601 (2026-11-28T14:00:00Z) or words such as "yesterday 14:00" or "2 hours ago"`,
    );
  }
  // Read again with the offset the zone has on that day; relative times ("2 hours ago") stay put.
  const offsetThen = zoneOffsetMinutes(zone, first);
  return offsetThen === zoneOffsetMinutes(zone, now) ? first : (read(offsetThen) ?? first);
}
