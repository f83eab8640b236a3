// The asset's measured facts from its past runs, or stated defaults when there are too few.
import type { AssetFacts, RunSample } from "./types";

const GIB = 1024 ** 3;
/** Shorter gaps between backups are not used to measure the change rate. */
const MIN_GAP_HOURS = 1;

/** Used when the asset has fewer than two backups: said in the recommendation's assumptions. */
export const DEFAULT_FACTS: AssetFacts = {
  storedBytes: 10 * GIB,
  changePerHour: (0.01 * 10 * GIB) / 24, // 1 % of the size a day
  peakChangePerHour: (0.03 * 10 * GIB) / 24, // busy days change three times as much
  growthPerDay: 0,
  throughputPerSecond: 50 * 1e6,
  overheadSeconds: 60,
};

export function defaultAssumptions(): string[] {
  return [
    "no backup history yet (fewer than two restore points): using stated defaults",
    "size 10 GiB stored, 1 %/day change (3 %/day on busy days), no growth",
    "throughput 50 MB/s stored, 60 s fixed per run",
  ];
}

/**
 * Rates from consecutive runs: each run's bytes added over the hours since the previous run. The
 * first run's bytes added is the stored full size. Throughput comes from runs with a duration.
 */
export function factsFromHistory(samples: RunSample[]): {
  facts: AssetFacts;
  measured: boolean;
  assumptions: string[];
} {
  const runs = [...samples].sort((a, b) => a.time.getTime() - b.time.getTime());
  if (runs.length < 2) return { facts: DEFAULT_FACTS, measured: false, assumptions: defaultAssumptions() };
  const rates: number[] = [];
  for (let i = 1; i < runs.length; i++) {
    const hours = (runs[i].time.getTime() - runs[i - 1].time.getTime()) / 3_600_000;
    if (hours >= MIN_GAP_HOURS) rates.push(runs[i].bytesAdded / hours);
  }
  const first = runs[0];
  const last = runs[runs.length - 1];
  const days = (last.time.getTime() - first.time.getTime()) / 86_400_000;
  const ratio = first.sizeBytes > 0 ? Math.min(1, first.bytesAdded / first.sizeBytes) : 1;
  const storedBytes = Math.max(first.bytesAdded, last.sizeBytes * ratio);
  const growthPerDay = days > 0 ? Math.max(0, ((last.sizeBytes - first.sizeBytes) * ratio) / days) : 0;
  const assumptions: string[] = [
    `measured from ${runs.length} backups over ${days.toFixed(1)} days`,
    "stored size = latest size × the first backup's stored/logical ratio",
  ];
  let mean = rates.reduce((s, r) => s + r, 0) / Math.max(rates.length, 1);
  let peak = Math.max(mean, ...rates);
  if (rates.length === 0) {
    // Backups minutes apart say nothing about a day's change: the bytes of a test run divided
    // by a few seconds extrapolate to terabytes a year. Keep the measured size, assume the rate.
    mean = (0.01 * storedBytes) / 24;
    peak = 3 * mean;
    assumptions.push(
      `no two backups an hour or more apart: change rate not measured, 1 %/day of the stored size assumed (3 %/day on busy days)`,
    );
  }
  const timed = runs.flatMap((r) =>
    (r.durationSeconds ?? 0) > 0 ? [{ ...r, seconds: r.durationSeconds ?? 0 }] : [],
  );
  let overheadSeconds = DEFAULT_FACTS.overheadSeconds;
  let throughputPerSecond = DEFAULT_FACTS.throughputPerSecond;
  if (timed.length > 0) {
    // The shortest run is mostly fixed cost; the rest of every run's time moves its bytes.
    overheadSeconds = Math.min(...timed.map((r) => r.seconds)) * 0.5;
    const bytes = timed.reduce((s, r) => s + r.bytesAdded, 0);
    const seconds = timed.reduce((s, r) => s + Math.max(r.seconds - overheadSeconds, 0.001), 0);
    throughputPerSecond = bytes / seconds;
  } else {
    assumptions.push("no run durations recorded: throughput 50 MB/s and 60 s per run assumed");
  }
  return {
    facts: {
      storedBytes,
      changePerHour: mean,
      peakChangePerHour: peak,
      growthPerDay,
      throughputPerSecond,
      overheadSeconds,
    },
    measured: true,
    assumptions,
  };
}
