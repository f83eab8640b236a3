import { describe, expect, it } from "vitest";
import { DEFAULT_FACTS, factsFromHistory, recommend } from "./index";

describe("facts from history", () => {
  it("with no history, says so and uses the stated defaults", () => {
    const r = recommend({ history: [], constraints: {} });
    expect(r.measured).toBe(false);
    expect(r.facts).toEqual(DEFAULT_FACTS);
    expect(r.assumptions[0]).toMatch(/no backup history/);
  });

  it("measures change per hour, peak, growth and throughput from runs", () => {
    const t0 = Date.UTC(2026, 0, 1);
    const h = 3_600_000;
    const { facts, measured } = factsFromHistory([
      { time: new Date(t0), sizeBytes: 200, bytesAdded: 100, durationSeconds: 20 },
      { time: new Date(t0 + 10 * h), sizeBytes: 200, bytesAdded: 10, durationSeconds: 20 },
      { time: new Date(t0 + 20 * h), sizeBytes: 248, bytesAdded: 30, durationSeconds: 30 },
    ]);
    expect(measured).toBe(true);
    expect(facts.changePerHour).toBeCloseTo(2, 9); // (1 + 3) / 2 bytes an hour
    expect(facts.peakChangePerHour).toBeCloseTo(3, 9);
    expect(facts.storedBytes).toBeCloseTo(124, 9); // 248 × the first run's 100/200
    expect(facts.growthPerDay).toBeCloseTo((48 * 0.5) / (20 / 24), 9);
    expect(facts.overheadSeconds).toBe(10); // half the shortest run
    expect(facts.throughputPerSecond).toBeCloseTo(140 / (10 + 10 + 20), 9);
  });

  it("does not extrapolate a change rate from backups minutes apart", () => {
    const t0 = Date.UTC(2026, 0, 1);
    const { facts, measured, assumptions } = factsFromHistory([
      { time: new Date(t0), sizeBytes: 6e6, bytesAdded: 6e6, durationSeconds: 2 },
      { time: new Date(t0 + 5_000), sizeBytes: 6e6, bytesAdded: 1.5e6, durationSeconds: 1 },
    ]);
    expect(measured).toBe(true);
    expect(facts.storedBytes).toBe(6e6);
    // 1 %/day of 6 MB, not 1.5 MB per 5 s (about 1 GB an hour).
    expect(facts.changePerHour).toBeCloseTo((0.01 * 6e6) / 24, 6);
    expect(facts.peakChangePerHour).toBeCloseTo((0.03 * 6e6) / 24, 6);
    expect(assumptions.join(" ")).toMatch(/change rate not measured/);
  });
});
