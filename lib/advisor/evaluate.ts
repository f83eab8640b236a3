// One candidate (schedule × retention) evaluated: its cost C, risk R, J = αC + βR, and which
// constraints it breaks by how much.
import { reachDays, steadyStorage, storageAfter } from "./retention";
import { effectiveIntervalHours, gapsOf, type Schedule, slotsOf, windowSpan } from "./schedule";
import type { AssetFacts, Constraints, Plan, Prices, RetentionRule, Violation, Weights } from "./types";

const GB = 1e9;
const HOURS_PER_MONTH = 730;
export const DEFAULT_KEEP_DAYS = 30;

export function evaluate(
  facts: AssetFacts,
  schedule: Schedule,
  retention: RetentionRule,
  constraints: Constraints,
  prices: Prices,
  weights: Pick<Weights, "alpha" | "beta">,
): Plan {
  const window = windowSpan(constraints.window);
  const gaps = gapsOf(schedule);
  const slots = slotsOf(schedule, window);
  // A run moves the change since the previous run; the busiest rate sizes it (it must fit then too).
  const durations = gaps.map(
    (g) => facts.overheadSeconds + (facts.peakChangePerHour * (g / 60)) / facts.throughputPerSecond,
  );
  const typical = gaps.map(
    (g) => facts.overheadSeconds + (facts.changePerHour * (g / 60)) / facts.throughputPerSecond,
  );
  const fitSlackSeconds = Math.min(...durations.map((d, i) => slots[i] * 60 - d));
  const periodHours = schedule.periodMinutes / 60;
  const maxGapHours = Math.max(...gaps) / 60;
  // A failure at a uniformly random moment loses the change since the last run: E = rate·Σg²/2P.
  const expectedLossBytes =
    (facts.changePerHour * gaps.reduce((s, g) => s + (g / 60) ** 2, 0)) / (2 * periodHours);
  const worstLossBytes = facts.peakChangePerHour * maxGapHours;
  const intervalHours = effectiveIntervalHours(schedule);
  const steady = steadyStorage(facts, retention, intervalHours);
  const storageCostPerMonth = (steady / GB) * prices.perGbMonth;
  const runHoursPerPeriod = typical.reduce((s, d) => s + d, 0) / 3600;
  const runCostPerMonth = runHoursPerPeriod * (HOURS_PER_MONTH / periodHours) * prices.perRunHour;
  const cost = storageCostPerMonth + runCostPerMonth;
  const risk = (expectedLossBytes + worstLossBytes) / 2 / GB;
  const storage = {
    days30: storageAfter(facts, retention, intervalHours, 30),
    days90: storageAfter(facts, retention, intervalHours, 90),
    days365: storageAfter(facts, retention, intervalHours, 365),
  };
  const reach = reachDays(retention, intervalHours);
  const violations: Violation[] = [];
  if (fitSlackSeconds < 0) {
    const longestIndex = durations.findIndex((d, i) => slots[i] * 60 - d === fitSlackSeconds);
    violations.push({
      constraint: "window",
      need: durations[longestIndex] / 3600,
      limit: slots[longestIndex] / 60,
      unit: "hours",
    });
  }
  if (constraints.budgetBytes !== undefined && storage.days365 > constraints.budgetBytes)
    violations.push({
      constraint: "budget",
      need: storage.days365,
      limit: constraints.budgetBytes,
      unit: "bytes",
    });
  const keepDays = constraints.keepDays ?? DEFAULT_KEEP_DAYS;
  if (reach < keepDays)
    violations.push({ constraint: "retention", need: keepDays, limit: reach, unit: "days" });
  if (constraints.rpoHours !== undefined && maxGapHours > constraints.rpoHours)
    violations.push({ constraint: "rpo", need: maxGapHours, limit: constraints.rpoHours, unit: "hours" });
  return {
    cron: schedule.cron,
    scheduleText: schedule.text,
    retention,
    runsPerDay: (schedule.runs.length * 24) / periodHours,
    maxGapHours,
    longestRunSeconds: Math.max(...durations),
    fitSlackSeconds,
    reachDays: reach,
    storage,
    expectedLossBytes,
    worstLossBytes,
    storageCostPerMonth,
    runCostPerMonth,
    cost,
    risk,
    objective: weights.alpha * cost + weights.beta * risk,
    violations,
  };
}
