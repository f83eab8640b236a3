// Property: over random histories and constraints, no feasible candidate of the grid has a lower
// J than the returned plan, and "infeasible" is only said when no candidate is feasible. The test
// enumerates the grid itself and judges feasibility from each plan's figures, not from the
// optimiser's violation list.
import { describe, expect, it } from "vitest";
import {
  type Constraints,
  candidateRetentions,
  candidateSchedules,
  DEFAULT_PRICES,
  evaluate,
  factsFromHistory,
  type Plan,
  type Preference,
  type RunSample,
  recommend,
  weightsFor,
} from "./index";

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomHistory(r: () => number): RunSample[] {
  const n = Math.floor(r() * 40);
  const size = 1e8 + r() * 5e11;
  const rate = (size * (0.001 + r() * 0.2)) / 24;
  let t = Date.UTC(2026, 0, 1);
  const out: RunSample[] = [];
  for (let i = 0; i < n; i++) {
    const gapHours = 1 + r() * 30;
    t += gapHours * 3_600_000;
    const added = i === 0 ? size * 0.6 : rate * gapHours * (0.2 + r() * 2);
    out.push({
      time: new Date(t),
      sizeBytes: size * (1 + i * r() * 0.01),
      bytesAdded: added,
      durationSeconds: r() < 0.8 ? 20 + added / (5e6 + r() * 2e8) : undefined,
    });
  }
  return out;
}

function randomConstraints(r: () => number): Constraints {
  const c: Constraints = {};
  if (r() < 0.6) c.rpoHours = [1, 2, 4, 6, 8, 12, 24, 48][Math.floor(r() * 8)]!;
  if (r() < 0.8) c.keepDays = [7, 14, 30, 90, 400][Math.floor(r() * 5)]!;
  if (r() < 0.5) c.budgetBytes = 1e9 * (10 + r() * 5000);
  if (r() < 0.5) {
    const start = Math.floor(r() * 24);
    const length = 1 + Math.floor(r() * 12);
    const pad = (n: number) => String(n % 24).padStart(2, "0");
    c.window = { start: `${pad(start)}:${r() < 0.5 ? "00" : "30"}`, end: `${pad(start + length)}:00` };
  }
  return c;
}

/** Feasibility judged from the plan's own figures against the constraints. */
function meets(p: Plan, c: Constraints): boolean {
  return (
    p.fitSlackSeconds >= 0 &&
    (c.rpoHours === undefined || p.maxGapHours <= c.rpoHours) &&
    (c.budgetBytes === undefined || p.storage.days365 <= c.budgetBytes) &&
    p.reachDays >= (c.keepDays ?? 30)
  );
}

describe("the search", () => {
  it("returns the feasible plan of least J over 400 random cases", () => {
    const r = rng(23);
    let feasibleCases = 0;
    let infeasibleCases = 0;
    for (let i = 0; i < 400; i++) {
      const history = randomHistory(r);
      const constraints = randomConstraints(r);
      const preference = (["cheaper", "balanced", "safer"] as Preference[])[Math.floor(r() * 3)]!;
      const result = recommend({ history, constraints, preference });
      const { facts } = factsFromHistory(history);
      const weights = weightsFor(preference);
      const all = candidateSchedules(constraints.window).flatMap((s) =>
        candidateRetentions(constraints.keepDays ?? 30, s.periodMinutes / 60 / s.runs.length).map((ret) =>
          evaluate(facts, s, ret, constraints, DEFAULT_PRICES, weights),
        ),
      );
      const ok = all.filter((p) => meets(p, constraints));
      if (!result.feasible) {
        infeasibleCases++;
        expect(ok, JSON.stringify(constraints)).toEqual([]);
        expect(result.failures.length).toBeGreaterThan(0);
        for (const f of result.failures) expect(f.shortfall).toBeGreaterThan(0);
        continue;
      }
      feasibleCases++;
      expect(meets(result.plan, constraints)).toBe(true);
      for (const p of ok) expect(p.objective).toBeGreaterThanOrEqual(result.plan.objective);
      for (const p of result.alternatives) expect(meets(p, constraints)).toBe(true);
    }
    // Both branches were exercised.
    expect(feasibleCases).toBeGreaterThan(50);
    expect(infeasibleCases).toBeGreaterThan(20);
  });
});
