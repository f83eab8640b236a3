// A synthetic, irregular two-year snapshot history for retention tests: several hosts and path
// sets, some tags, times in several UTC offsets with bursts, gaps and year-end/ISO-week edges.
// Deterministic (seeded) so a failure can be reproduced.
import type { NewSnapshot } from "../snapshot";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OFFSETS = [0, 0, 120, -300, 330, 840, -720, 60];

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** RFC3339 text of the instant `ms` as seen from a zone `offsetMin` east of UTC. */
export function timeWithOffset(ms: number, offsetMin: number, nanos = 0): string {
  const d = new Date(ms + offsetMin * 60_000);
  let s = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (nanos) s += `.${String(nanos).padStart(9, "0").replace(/0+$/, "")}`;
  if (offsetMin === 0) return `${s}Z`;
  const abs = Math.abs(offsetMin);
  return `${s}${offsetMin > 0 ? "+" : "-"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

interface Source {
  hostname: string;
  paths: string[];
}

const SOURCES: Source[] = [
  { hostname: "alpha", paths: ["/srv/data"] },
  { hostname: "alpha", paths: ["/home", "/etc"] },
  { hostname: "beta", paths: ["/srv/data"] },
  { hostname: "gamma", paths: ["/var/lib/postgresql"] },
];

const TAG_SETS: (string[] | undefined)[] = [
  undefined,
  undefined,
  ["daily"],
  ["manual"],
  ["daily", "important"],
  ["weekly"],
  ["weekly", "archive"], // unsorted on purpose: restic sorts tags in place when grouping by them
];

/** Instants (UTC ms) chosen to sit on calendar edges somewhere in the history. */
const EDGES = [
  Date.UTC(2024, 11, 31, 23, 30), // New Year's Eve, different local year east of UTC
  Date.UTC(2025, 0, 1, 0, 15),
  Date.UTC(2025, 11, 28, 22, 0), // ISO week 52 of 2025 / week 1 of 2026 neighbourhood
  Date.UTC(2025, 11, 29, 1, 0),
  Date.UTC(2026, 1, 28, 23, 59), // end of February
  Date.UTC(2026, 2, 1, 0, 1),
];

export function syntheticHistory(opts: {
  count: number;
  endMs: number;
  seed?: number;
  tree: string;
}): NewSnapshot[] {
  const rand = mulberry32(opts.seed ?? 4);
  const startMs = opts.endMs - 2 * 365 * 86_400_000;
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const instants: number[] = [...EDGES];
  let t = startMs;
  while (instants.length < opts.count) {
    // Mostly hours to a few days apart, sometimes minutes (bursts), sometimes a week-long gap.
    const r = rand();
    t += r < 0.15 ? rand() * 40 * 60_000 : r < 0.9 ? rand() * 7 * 86_400_000 : rand() * 9 * 86_400_000;
    if (t > opts.endMs) t = startMs + rand() * (opts.endMs - startMs);
    instants.push(Math.floor(t / 1000) * 1000 + Math.floor(rand() * 1000));
  }
  return instants.map((ms, i) => {
    const source = i < EDGES.length ? SOURCES[i % 2] : pick(SOURCES);
    const extraNanos = rand() < 0.3 ? Math.floor(rand() * 1e6) : 0;
    return {
      time: timeWithOffset(ms - (ms % 1000), pick(OFFSETS), (ms % 1000) * 1_000_000 + extraNanos),
      tree: opts.tree,
      paths: source.paths,
      hostname: source.hostname,
      username: "backup",
      tags: pick(TAG_SETS),
    };
  });
}
