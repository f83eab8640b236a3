// Go's time.Time JSON form (RFC3339Nano) in the host's local zone, as restic writes it.

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** "YYYY-MM-DDTHH:MM:SS" and the zone suffix of a whole second, in local time. */
function formatSecond(seconds: number): { head: string; zone: string } {
  const secondsMs = seconds * 1000;
  const offsetMin = -new Date(secondsMs).getTimezoneOffset();
  const local = new Date(secondsMs + offsetMin * 60_000);
  let year = local.getUTCFullYear();
  // Go clamps years to 0..9999 when marshalling (restic's fixTime does the same).
  if (year < 0) year = 0;
  if (year > 9999) year = 9999;
  const head = `${pad(year, 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  if (offsetMin === 0) return { head, zone: "Z" };
  const sign = offsetMin > 0 ? "+" : "-";
  const abs = Math.abs(offsetMin);
  return { head, zone: `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}` };
}

/**
 * Recently formatted seconds, direct-mapped. A backup formats three times for every file, and
 * the files of a folder mostly share their seconds: formatting each from scratch made ~1.7 KB
 * of garbage per file, the largest share of a backup walk's allocations.
 */
const SLOTS = 256;
const slotSecond = new Float64Array(SLOTS).fill(Number.NaN);
const slotText: { head: string; zone: string }[] = new Array(SLOTS);

/** Formats an instant given as nanoseconds since the epoch, in local time with its offset. */
export function formatGoTimeNs(ns: bigint): string {
  let whole = ns / 1_000_000_000n;
  let fraction = Number(ns - whole * 1_000_000_000n);
  if (fraction < 0) {
    fraction += 1_000_000_000;
    whole -= 1n;
  }
  const seconds = Number(whole);
  const slot = ((seconds % SLOTS) + SLOTS) % SLOTS;
  let text = slotText[slot];
  if (slotSecond[slot] !== seconds) {
    text = formatSecond(seconds);
    slotSecond[slot] = seconds;
    slotText[slot] = text;
  }
  if (fraction === 0) return text.head + text.zone;
  let digits = 9;
  while (fraction % 10 === 0) {
    fraction /= 10;
    digits--;
  }
  return `${text.head}.${String(fraction).padStart(digits, "0")}${text.zone}`;
}

export function formatGoTime(date: Date): string {
  return formatGoTimeNs(BigInt(date.getTime()) * 1_000_000n);
}

/** Parses RFC3339 with up to nanosecond precision into nanoseconds since the epoch. */
export function parseGoTimeNs(text: string): bigint {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) throw new Error(`invalid time "${text}"`);
  const [, y, mo, d, h, mi, s, frac = "", zone] = m;
  let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  if (zone !== "Z") {
    const sign = zone[0] === "+" ? 1 : -1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return BigInt(ms) * 1_000_000n + BigInt(frac.padEnd(9, "0") || "0");
}

export function parseGoTime(text: string): Date {
  return new Date(Number(parseGoTimeNs(text) / 1_000_000n));
}
