// The candidate schedules (a grid from every 15 minutes to weekly) as cron lines and the run
// times they give within one period, placed inside the backup window when there is one.

/** Minutes between runs in the search grid. */
export const INTERVALS_MINUTES = [15, 30, 60, 120, 180, 240, 360, 480, 720, 1440, 10080] as const;

export interface Schedule {
  cron: string;
  text: string;
  intervalMinutes: number;
  /** Period the run times repeat over (a day or a week), in minutes. */
  periodMinutes: number;
  /** Start minutes within the period, ascending. */
  runs: number[];
}

const pad = (n: number) => String(n).padStart(2, "0");
const clock = (m: number) => `${pad(Math.floor(m / 60) % 24)}:${pad(m % 60)}`;

export function parseClock(text: string): number {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a time of day (HH:MM)`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Window as [start, length] in minutes; a window ending before it starts runs over midnight. */
export function windowSpan(window?: {
  start: string;
  end: string;
}): { start: number; length: number } | null {
  if (!window) return null;
  const start = parseClock(window.start);
  const end = parseClock(window.end);
  const length = (end - start + 1440) % 1440 || 1440;
  return { start, length };
}

function every(minutes: number): string {
  if (minutes < 60) return `every ${minutes} minutes`;
  if (minutes === 60) return "every hour";
  return `every ${minutes / 60} hours`;
}

/**
 * One schedule of the grid. Without a window runs start at midnight and repeat all day; with
 * one they start at the window's start and repeat while they start inside it (the whole-hour
 * fields of cron keep that exact: a run's minute repeats every hour it is listed for).
 */
export function scheduleFor(
  intervalMinutes: number,
  window: { start: number; length: number } | null,
): Schedule | null {
  const start = window?.start ?? 0;
  const length = window?.length ?? 1440;
  if (intervalMinutes >= 1440) {
    const weekly = intervalMinutes === 10080;
    const at = clock(start);
    return {
      cron: `${start % 60} ${Math.floor(start / 60)} * * ${weekly ? "0" : "*"}`,
      text: weekly ? `weekly on Sunday at ${at}` : `daily at ${at}`,
      intervalMinutes,
      periodMinutes: weekly ? 10080 : 1440,
      runs: [start],
    };
  }
  if (intervalMinutes < 60) {
    if (60 % intervalMinutes !== 0) return null;
    const minutes = Array.from({ length: 60 / intervalMinutes }, (_, i) => (start % 60) + i * intervalMinutes)
      .map((m) => m % 60)
      .sort((a, b) => a - b);
    const hours: number[] = [];
    // An hour is listed when every run of it starts inside the window.
    for (let h = 0; h < 24; h++) {
      const inside = minutes.every((m) => (h * 60 + m - start + 1440) % 1440 < length);
      if (inside) hours.push(h);
    }
    if (hours.length === 0) return null;
    const runs = hours.flatMap((h) => minutes.map((m) => h * 60 + m)).sort((a, b) => a - b);
    const hourField = hours.length === 24 ? "*" : hours.join(",");
    const minuteField = minutes.length === 1 ? String(minutes[0]) : minutes.join(",");
    const cronMinute = window || start % 60 !== 0 ? minuteField : `*/${intervalMinutes}`;
    return {
      cron: `${cronMinute} ${hourField} * * *`,
      text: window
        ? `${every(intervalMinutes)} from ${clock(start)} inside the window`
        : every(intervalMinutes),
      intervalMinutes,
      periodMinutes: 1440,
      runs,
    };
  }
  if (1440 % intervalMinutes !== 0) return null;
  const runs: number[] = [];
  for (let offset = 0; offset < length; offset += intervalMinutes) runs.push((start + offset) % 1440);
  runs.sort((a, b) => a - b);
  const hours = runs.map((m) => Math.floor(m / 60));
  const step = intervalMinutes / 60;
  const hourField = !window && start === 0 ? (step === 1 ? "*" : `*/${step}`) : hours.join(",");
  return {
    cron: `${start % 60} ${hourField} * * *`,
    text: window
      ? `${every(intervalMinutes)} from ${clock(start)} inside the window`
      : every(intervalMinutes),
    intervalMinutes,
    periodMinutes: 1440,
    runs,
  };
}

/** Gaps (minutes) before each run: gap[i] is the time from the previous run to runs[i]. */
export function gapsOf(s: Schedule): number[] {
  return s.runs.map((r, i) =>
    i === 0 ? r + s.periodMinutes - s.runs[s.runs.length - 1] : r - s.runs[i - 1],
  );
}

/** Minutes each run has before the next run starts, or the window ends, whichever is first. */
export function slotsOf(s: Schedule, window: { start: number; length: number } | null): number[] {
  const gaps = gapsOf(s);
  return s.runs.map((r, i) => {
    const next = i + 1 < s.runs.length ? gaps[i + 1] : gaps[0];
    if (!window) return next;
    const toEnd = window.length - ((r - window.start + 1440) % 1440);
    return Math.min(next, toEnd);
  });
}

export function candidateSchedules(window?: { start: string; end: string }): Schedule[] {
  const span = windowSpan(window);
  const out: Schedule[] = [];
  for (const minutes of INTERVALS_MINUTES) {
    const s = scheduleFor(minutes, span);
    // With a window, sub-daily schedules that give only one run a day duplicate "daily".
    if (s && !(minutes < 1440 && s.runs.length < 2)) out.push(s);
  }
  return out;
}

/**
 * Mean hours between runs: the retention tiers' spacing. Runs bunched in a window are spread
 * over the day in this model (keepLast then holds one day of runs, as without a window).
 */
export function effectiveIntervalHours(s: Schedule): number {
  return s.periodMinutes / 60 / s.runs.length;
}
