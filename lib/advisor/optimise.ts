// The search: every schedule of the grid × every retention set for it, evaluated; the feasible
// plan with the lowest J wins. The grid is small (≤ 11 × 4), so the search is exhaustive.
import { DEFAULT_KEEP_DAYS, evaluate } from "./evaluate";
import { factsFromHistory } from "./facts";
import { candidateRetentions, retentionText } from "./retention";
import { candidateSchedules, effectiveIntervalHours } from "./schedule";
import type {
  AssetFacts,
  ConstraintName,
  Constraints,
  Failure,
  Plan,
  Preference,
  Prices,
  Recommendation,
  RunSample,
  Violation,
} from "./types";
import { DEFAULT_PRICES, weightsFor } from "./weights";

export interface AdvisorInput {
  history: RunSample[];
  constraints: Constraints;
  preference?: Preference;
  prices?: Prices;
}

/** Every candidate plan, evaluated (feasible or not). */
export function allPlans(
  facts: AssetFacts,
  constraints: Constraints,
  prices: Prices,
  preference: Preference,
): Plan[] {
  const weights = weightsFor(preference, prices);
  const keepDays = constraints.keepDays ?? DEFAULT_KEEP_DAYS;
  return candidateSchedules(constraints.window).flatMap((s) =>
    candidateRetentions(keepDays, effectiveIntervalHours(s)).map((r) =>
      evaluate(facts, s, r, constraints, prices, weights),
    ),
  );
}

const byObjective = (a: Plan, b: Plan) => a.objective - b.objective || a.cost - b.cost;

export function recommend(input: AdvisorInput): Recommendation {
  const { facts, measured, assumptions } = factsFromHistory(input.history);
  return recommendFromFacts(
    facts,
    input.constraints,
    input.preference ?? "balanced",
    input.prices,
    measured,
    assumptions,
  );
}

export function recommendFromFacts(
  facts: AssetFacts,
  constraints: Constraints,
  preference: Preference,
  prices: Prices = DEFAULT_PRICES,
  measured = true,
  assumptions: string[] = [],
): Recommendation {
  const weights = weightsFor(preference, prices);
  const plans = allPlans(facts, constraints, prices, preference).sort(byObjective);
  const feasible = plans.filter((p) => p.violations.length === 0);
  const base = { weights, facts, measured, assumptions };
  if (feasible.length === 0) return { ...base, feasible: false, failures: explainInfeasible(plans) };
  const plan = feasible[0];
  // The binding constraints: those that ruled out the best plan scoring better than ours.
  const better = plans.filter((p) => p.objective < plan.objective);
  return {
    ...base,
    feasible: true,
    plan,
    binding: better[0] ? better[0].violations.map((v): ConstraintName => v.constraint) : [],
    bindingText: better[0]
      ? `${better[0].scheduleText} (${retentionText(better[0].retention)}) would score better but breaks ${better[0].violations.map(describeViolation).join("; ")}`
      : "none: this is the best plan even without the constraints",
    alternatives: alternatives(feasible, plan),
    frontier: bestPerSchedule(feasible).map((p) => ({
      cron: p.cron,
      cost: p.cost,
      risk: p.risk,
      chosen: p === plan,
    })),
  };
}

/** The cheapest-J retention of each feasible schedule. */
function bestPerSchedule(feasible: Plan[]): Plan[] {
  const seen = new Map<string, Plan>();
  for (const p of feasible) if (!seen.has(p.cron)) seen.set(p.cron, p);
  return [...seen.values()];
}

/** Up to three other schedules on the cost/risk front: the nearest cheaper and the nearest safer ones. */
function alternatives(feasible: Plan[], chosen: Plan): Plan[] {
  const front = bestPerSchedule(feasible)
    .filter((p) => p !== chosen)
    .filter(
      (p, _, all) =>
        !all.some((q) => q.cost <= p.cost && q.risk <= p.risk && (q.cost < p.cost || q.risk < p.risk)),
    );
  const cheaper = front.filter((p) => p.cost < chosen.cost).sort((a, b) => b.cost - a.cost);
  const safer = front.filter((p) => p.risk < chosen.risk).sort((a, b) => b.risk - a.risk);
  const picked = [cheaper[0], safer[0], cheaper[1] ?? safer[1]].filter((p): p is Plan => !!p);
  return [...new Set(picked)].slice(0, 3);
}

export function describeViolation(v: Violation): string {
  const short = v.need - v.limit;
  switch (v.constraint) {
    case "window":
      return `the window: the longest run needs ${hours(v.need)} but has ${hours(v.limit)} (short by ${hours(short)})`;
    case "budget":
      return `the budget: ${gb(v.need)} after 365 days against ${gb(v.limit)} (over by ${gb(short)})`;
    case "retention":
      return `the retention: the oldest point is ${v.limit.toFixed(1)} days old, ${v.need} required (short by ${short.toFixed(1)} days)`;
    case "rpo":
      return `the RPO: ${hours(v.need)} between backups against ${hours(v.limit)} (over by ${hours(short)})`;
  }
}

/**
 * Why nothing fits. For each constraint, the plans that meet all the others: if some exist, that
 * constraint alone fails, by the least any of them misses it. When no constraint fails alone,
 * every broken constraint is named with the least any plan misses it by.
 */
export function explainInfeasible(plans: Plan[]): Failure[] {
  const names = [...new Set(plans.flatMap((p) => p.violations.map((v) => v.constraint)))];
  const alone = names.flatMap((name) => {
    const only = plans.filter((p) => p.violations.length === 1 && p.violations[0].constraint === name);
    return only.length ? [least(only.map((p) => p.violations[0]))] : [];
  });
  const chosen = alone.length
    ? alone
    : names.map((name) => least(plans.flatMap((p) => p.violations.filter((v) => v.constraint === name))));
  return chosen.map((v) => ({ ...v, shortfall: v.need - v.limit, message: describeViolation(v) }));
}

function least(vs: Violation[]): Violation {
  return vs.reduce((a, b) => (b.need - b.limit < a.need - a.limit ? b : a));
}

export function hours(h: number): string {
  const minutes = Math.round(h * 60);
  if (minutes < 60) return `${minutes} min`;
  return minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes / 60} h`;
}

export function gb(bytes: number): string {
  return `${(bytes / 1e9).toFixed(bytes < 1e10 ? 2 : 1)} GB`;
}
