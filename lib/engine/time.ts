// Go's time.Time JSON form (RFC3339Nano) in the host's local zone, as restic writes it.

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Formats an instant given as nanoseconds since the epoch, in local time with its offset. */
export function formatGoTimeNs(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const frac = ((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n;
  const secondsFloorMs = Math.floor(ms / 1000) * 1000;
  const d = new Date(secondsFloorMs);
  const offsetMin = -d.getTimezoneOffset();
  const local = new Date(secondsFloorMs + offsetMin * 60_000);
  let year = local.getUTCFullYear();
  // Go clamps years to 0..9999 when marshalling (restic's fixTime does the same).
  if (year < 0) year = 0;
  if (year > 9999) year = 9999;
  let s = `${pad(year, 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  if (frac !== 0n) s += `.${frac.toString().padStart(9, "0").replace(/0+$/, "")}`;
  if (offsetMin === 0) return `${s}Z`;
  const sign = offsetMin > 0 ? "+" : "-";
  const abs = Math.abs(offsetMin);
  return `${s}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
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
