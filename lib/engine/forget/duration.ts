// restic's retention durations ("30d", "1y2m", "2y5m7d3h"): calendar units, not a fixed number
// of seconds, so "1m" means one calendar month back from the newest snapshot. Parsing follows
// restic 0.14's ParseDuration, including its quirks: a repeated unit overwrites the earlier one
// and each number may carry its own minus sign.
import { EngineError } from "../errors";

export interface Duration {
  years: number;
  months: number;
  days: number;
  hours: number;
}

export const ZERO_DURATION: Duration = Object.freeze({ years: 0, months: 0, days: 0, hours: 0 });

export function isZeroDuration(d: Duration | undefined): boolean {
  return !d || (d.years === 0 && d.months === 0 && d.days === 0 && d.hours === 0);
}

/** restic's Duration.String(): non-zero parts in y, m, d, h order ("" for zero). */
export function formatDuration(d: Duration): string {
  let s = "";
  if (d.years !== 0) s += `${d.years}y`;
  if (d.months !== 0) s += `${d.months}m`;
  if (d.days !== 0) s += `${d.days}d`;
  if (d.hours !== 0) s += `${d.hours}h`;
  return s;
}

const UNIT_FIELD: Record<string, keyof Duration> = { y: "years", m: "months", d: "days", h: "hours" };

export function parseDuration(text: string): Duration {
  const d: Duration = { ...ZERO_DURATION };
  let rest = text.trim();
  while (rest !== "") {
    const m = /^(-?)([0-9]*)(.*)$/s.exec(rest) as RegExpExecArray;
    const [, sign, digits, after] = m;
    if (digits === "") throw invalid(text, "no number found");
    const num = Number(digits) * (sign ? -1 : 1);
    if (!Number.isSafeInteger(num)) throw invalid(text, `number ${digits} is out of range`);
    if (after === "") throw invalid(text, `no unit found after number ${num}`);
    const field = UNIT_FIELD[after[0]];
    if (!field) throw invalid(text, `invalid unit '${after[0]}' found after number ${num}`);
    d[field] = num;
    rest = after.slice(1);
  }
  return d;
}

function invalid(text: string, why: string): EngineError {
  return new EngineError("invalid_argument", `invalid duration "${text}": ${why}`);
}
