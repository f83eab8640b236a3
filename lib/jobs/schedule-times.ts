// Pure time arithmetic for the scheduler: which cron runs fell due in an interval, and whether a
// run can still start inside the policy's backup window. All of it in the policy's time zone
// through croner, so daylight-saving changes move runs and windows the way a person expects.
import { Cron } from "croner";

/** A catch-up after long downtime is spread over ticks, this many runs per policy at a time. */
export const MAX_RUNS_PER_TICK = 1000;

export function cronOf(pattern: string, timezone: string): Cron {
  return new Cron(pattern, { paused: true, timezone, mode: "5-part" });
}

export interface DueRun {
  at: Date;
  /** The run after this one is also due: this one was never started in time. */
  superseded: boolean;
}

/**
 * Runs in (from, to], oldest first, at most `limit` of them. A run is superseded when its
 * successor is due too: after downtime only the newest run still makes sense to start.
 */
export function dueRuns(cron: Cron, from: Date, to: Date, limit = MAX_RUNS_PER_TICK): DueRun[] {
  const runs: DueRun[] = [];
  let next = cron.nextRun(from);
  while (next && next <= to && runs.length < limit) {
    const after = cron.nextRun(next);
    runs.push({ at: next, superseded: Boolean(after && after <= to) });
    next = after;
  }
  return runs;
}

export interface BackupWindow {
  start: string;
  end: string;
  timezone: string;
}

export interface WindowFit {
  /** The run's time lies inside a window occurrence. */
  inside: boolean;
  /** When that window closes: the run must have started by then. */
  closesAt: Date | null;
}

const hhmm = /^([01]\d|2[0-3]):([0-5]\d)$/;

function dailyAt(time: string, timezone: string): Cron {
  const match = hhmm.exec(time);
  if (!match) throw new Error(`backup window time "${time}" is not HH:MM`);
  return cronOf(`${Number(match[2])} ${Number(match[1])} * * *`, timezone);
}

/**
 * Where `at` falls relative to the daily window [start, end) (end before start: the window spans
 * midnight). Inside exactly when the window's next close comes before its next opening.
 */
export function fitWindow(window: BackupWindow, at: Date): WindowFit {
  if (window.start === window.end) return { inside: true, closesAt: null };
  const nextOpen = dailyAt(window.start, window.timezone).nextRun(at);
  const nextClose = dailyAt(window.end, window.timezone).nextRun(at);
  if (!nextOpen || !nextClose) return { inside: true, closesAt: null };
  return nextClose < nextOpen ? { inside: true, closesAt: nextClose } : { inside: false, closesAt: null };
}

/** "2026-11-28 21:00" in the zone, for messages. */
export function localTime(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

/** Why a backup run at `at` cannot run, or null when it may still start. */
export function missedReason(run: DueRun, now: Date, window: BackupWindow | null): string | null {
  if (window) {
    const fit = fitWindow(window, run.at);
    const span = `${window.start}-${window.end} ${window.timezone}`;
    if (!fit.inside) {
      return `scheduled at ${localTime(run.at, window.timezone)}, outside the backup window ${span}`;
    }
    if (fit.closesAt && fit.closesAt <= now)
      return `the backup window ${span} closed before the run could start`;
  }
  if (run.superseded) return "not started in time: the scheduler was not running, and a newer run is due";
  return null;
}
