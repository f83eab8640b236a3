// Constructed cases whose optimum is known by hand. Facts: 100 GB stored, 1 GB/h of change (busy
// or not), 0.1 h per GB moved plus 0.1 h fixed per run, no growth; 0.02/GB-month, 0.05/run-hour.
//
// For runs every I hours (I divides 24, no window) and keep 30 days, the cheapest retention is
// last 24/I, 7 daily, 6 weekly: 100 + 24 (the last day) + 6 × 24 (daily) + 5 × 100 (weekly,
// capped at a full copy) = 768 GB → 15.36 a month. Run time per day: 2.4 h moving + 2.4/I h
// fixed → (2.4 + 2.4/I) × 30.42 days × 0.05 = 3.65 (1 + 1/I) a month. Risk: expected loss I/2 GB,
// worst I GB, R = 0.75 I. So J(I) = 19.01 + 3.65/I + 0.75 β I, least at I = √(4.87/β).
import { describe, expect, it } from "vitest";
import { type AssetFacts, recommendFromFacts } from "./index";

const GB = 1e9;
const facts: AssetFacts = {
  storedBytes: 100 * GB,
  changePerHour: GB,
  peakChangePerHour: GB,
  growthPerDay: 0,
  throughputPerSecond: GB / 360,
  overheadSeconds: 360,
};

function feasible(r: ReturnType<typeof recommendFromFacts>) {
  if (!r.feasible) throw new Error(`infeasible: ${r.failures.map((f) => f.message).join("; ")}`);
  return r;
}

describe("the optimiser on hand-computed cases", () => {
  it("unconstrained, balanced (β=1): √4.87 ≈ 2.2 h, so every 2 hours; nothing binds", () => {
    const r = feasible(recommendFromFacts(facts, {}, "balanced"));
    expect(r.plan.cron).toBe("0 */2 * * *");
    expect(r.plan.retention).toEqual({ keepLast: 12, daily: 7, weekly: 6 });
    expect(r.plan.storage.days365 / GB).toBeCloseTo(768, 6);
    expect(r.plan.cost).toBeCloseTo(15.36 + 3.65 * 1.5, 1);
    expect(r.plan.expectedLossBytes / GB).toBeCloseTo(1, 6);
    expect(r.plan.worstLossBytes / GB).toBeCloseTo(2, 6);
    expect(r.binding).toEqual([]);
    expect(r.alternatives.length).toBeGreaterThanOrEqual(2);
    expect(r.alternatives.some((a) => a.cost < r.plan.cost)).toBe(true);
    expect(r.alternatives.some((a) => a.risk < r.plan.risk)).toBe(true);
  });

  it("the RPO binds: cheaper (β=0.1) wants ~7 h (8 h on the grid); an RPO of 4 h gives every 4 hours", () => {
    const free = feasible(recommendFromFacts(facts, {}, "cheaper"));
    expect(free.plan.cron).toBe("0 */8 * * *");
    // J falls as I grows below 7 h, so the largest interval meeting the RPO wins.
    const r = feasible(recommendFromFacts(facts, { rpoHours: 4 }, "cheaper"));
    expect(r.plan.cron).toBe("0 */4 * * *");
    expect(r.plan.maxGapHours).toBe(4);
    expect(r.plan.cost).toBeCloseTo(15.36 + 3.65 * 1.25, 1);
    expect(r.binding).toEqual(["rpo"]);
    expect(r.bindingText).toMatch(/RPO: 8 h between backups against 4 h/);
  });

  it("the window binds: in 01:00-04:00 only a daily run fits (24 GB → 2.5 h ≤ 3 h)", () => {
    // Every sub-daily schedule inside the window starts the day with ≥ 22 h of change (≥ 2.3 h)
    // and has at most 2 h before its next run; weekly moves 168 GB (16.9 h).
    const r = feasible(recommendFromFacts(facts, { window: { start: "01:00", end: "04:00" } }, "balanced"));
    expect(r.plan.cron).toBe("0 1 * * *");
    expect(r.plan.longestRunSeconds / 3600).toBeCloseTo(2.5, 6);
    expect(r.plan.expectedLossBytes / GB).toBeCloseTo(12, 6);
    expect(r.plan.worstLossBytes / GB).toBeCloseTo(24, 6);
    expect(r.binding).toContain("window");
  });

  it("the budget binds: safer (β=10) wants 30 min, but 768 GB > 750 GB leaves weekly (700 GB)", () => {
    const free = feasible(recommendFromFacts(facts, {}, "safer"));
    expect(free.plan.cron).toBe("*/30 * * * *");
    const r = feasible(recommendFromFacts(facts, { budgetBytes: 750 * GB }, "safer"));
    // Weekly runs: 6 points a week apart (reach 35 days ≥ 30), each holding a full 100 GB.
    expect(r.plan.cron).toBe("0 0 * * 0");
    expect(r.plan.retention).toEqual({ daily: 6 });
    expect(r.plan.storage.days365 / GB).toBeCloseTo(700, 6);
    expect(r.binding).toEqual(["budget"]);
  });

  it("infeasible: in 01:00-03:00 even the daily run (2.5 h) misses by 30 min; the message says so", () => {
    const r = recommendFromFacts(facts, { window: { start: "01:00", end: "03:00" } }, "balanced");
    expect(r.feasible).toBe(false);
    if (r.feasible) return;
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({ constraint: "window", unit: "hours" });
    expect(r.failures[0]!.shortfall).toBeCloseTo(0.5, 6);
    expect(r.failures[0]!.message).toBe(
      "the window: the longest run needs 2 h 30 min but has 2 h (short by 30 min)",
    );
  });

  it("infeasible on the RPO when the window allows only daily runs: over by 12 h", () => {
    const r = recommendFromFacts(
      facts,
      { window: { start: "01:00", end: "04:00" }, rpoHours: 12 },
      "balanced",
    );
    expect(r.feasible).toBe(false);
    if (r.feasible) return;
    expect(r.failures.map((f) => [f.constraint, f.shortfall])).toEqual([["rpo", 12]]);
    expect(r.failures[0]!.message).toMatch(/RPO: 24 h between backups against 12 h \(over by 12 h\)/);
  });

  it("presents α and β with their meaning", () => {
    const r = recommendFromFacts(facts, {}, "cheaper");
    expect(r.weights).toMatchObject({ alpha: 1, beta: 0.1 });
    expect(r.weights.meaning).toMatch(/1 GB of possible data loss is worth 0.10 a month/);
  });
});
