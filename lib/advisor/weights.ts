// α and β from a plain choice. C is money per month, R is GB at risk, so β/α is the money a month
// one GB of possible loss is worth: the meaning shown to the user with the choice.
import type { Preference, Prices, Weights } from "./types";

export const PREFERENCES: Record<Preference, { alpha: number; beta: number }> = {
  cheaper: { alpha: 1, beta: 0.1 },
  balanced: { alpha: 1, beta: 1 },
  safer: { alpha: 1, beta: 10 },
};

export const DEFAULT_PRICES: Prices = { perGbMonth: 0.02, perRunHour: 0.05 };

export function weightsFor(choice: Preference, prices: Prices = DEFAULT_PRICES): Weights {
  const { alpha, beta } = PREFERENCES[choice];
  const worth = (beta / alpha).toFixed(2);
  return {
    choice,
    alpha,
    beta,
    meaning:
      `${choice}: α=${alpha}, β=${beta} — avoiding 1 GB of possible data loss is worth ${worth} a month ` +
      `of storage (${prices.perGbMonth}/GB-month) and run time (${prices.perRunHour}/run-hour)`,
  };
}
