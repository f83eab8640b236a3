// The policy advisor: pure functions (no database, no Next.js). Services gather the history and
// call recommend(); the preview simulates a retention rule with the engine's own selection.
export { DEFAULT_KEEP_DAYS, evaluate } from "./evaluate";
export { DEFAULT_FACTS, factsFromHistory } from "./facts";
export {
  type AdvisorInput,
  allPlans,
  describeViolation,
  gb,
  hours,
  recommend,
  recommendFromFacts,
} from "./optimise";
export {
  keptPoints,
  modelStorage,
  type PreviewMonth,
  type PreviewPoint,
  previewRetention,
  type RetentionPreview,
} from "./preview";
export { candidateRetentions, reachDays, retentionText, steadyStorage, storageAfter } from "./retention";
export { candidateSchedules, INTERVALS_MINUTES, parseClock, windowSpan } from "./schedule";
export type * from "./types";
export { DEFAULT_PRICES, PREFERENCES, weightsFor } from "./weights";
