// The advisor's inputs and outputs. Bytes are bytes, times are hours unless a name says otherwise;
// money is in the configured currency per month.

/** A policy's retention, the same shape as db/schema.ts Retention (kept here so lib/advisor stays pure). */
export interface RetentionRule {
  keepLast?: number;
  hourly?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
  withinDays?: number;
}

/** One past backup of the asset, as restore points and their jobs record it. */
export interface RunSample {
  time: Date;
  /** Logical size of the asset at that backup. */
  sizeBytes: number;
  /** Bytes the run added to the repository (after dedup and compression). */
  bytesAdded: number;
  /** How long the run took, when its job recorded it. */
  durationSeconds?: number;
}

/** What the optimiser needs to know about the asset, measured or assumed. */
export interface AssetFacts {
  /** Bytes the asset occupies in the repository on its own (its first full backup, stored). */
  storedBytes: number;
  /** Mean stored bytes of change per hour (bytes added per run / hours since the previous run). */
  changePerHour: number;
  /** The busiest measured change rate: sizes the worst-case loss and the longest run. */
  peakChangePerHour: number;
  /** Net growth of the stored size per day (never freed by retention). */
  growthPerDay: number;
  /** Stored bytes a run writes per second (bytes added / (duration - overhead)). */
  throughputPerSecond: number;
  /** Fixed seconds every run costs (listing, index, snapshot), whatever changed. */
  overheadSeconds: number;
}

export type Preference = "cheaper" | "balanced" | "safer";

export interface Constraints {
  /** Longest time between two backups, in hours. */
  rpoHours?: number;
  /** The oldest restore point kept must be at least this many days old (default 30). */
  keepDays?: number;
  /** Projected storage after 365 days must not exceed this. */
  budgetBytes?: number;
  /** Backups may only run (start and finish) inside this daily window, "HH:MM" each. */
  window?: { start: string; end: string };
}

export interface Prices {
  /** Money per GB (10^9 bytes) stored per month. */
  perGbMonth: number;
  /** Money per hour of backup run time (the load on the asset and the network). */
  perRunHour: number;
}

export type ConstraintName = "window" | "budget" | "retention" | "rpo";

export interface Violation {
  constraint: ConstraintName;
  /** What the plan needs and the limit, in the constraint's unit. */
  need: number;
  limit: number;
  unit: "hours" | "bytes" | "days";
}

/** One schedule × retention pair, evaluated. */
export interface Plan {
  cron: string;
  /** "every 4 hours", "daily at 01:00" */
  scheduleText: string;
  retention: RetentionRule;
  runsPerDay: number;
  /** Longest time between two backups (hours). */
  maxGapHours: number;
  /** Longest run (seconds) and the time it has before the next run or the window's end. */
  longestRunSeconds: number;
  /** The smallest slack (seconds) of any run: negative when a run does not fit. */
  fitSlackSeconds: number;
  /** How far back the kept restore points reach at steady state (days). */
  reachDays: number;
  storage: { days30: number; days90: number; days365: number };
  expectedLossBytes: number;
  worstLossBytes: number;
  storageCostPerMonth: number;
  runCostPerMonth: number;
  /** C (money per month) and R (GB at risk: mean of the expected and worst-case loss). */
  cost: number;
  risk: number;
  objective: number;
  violations: Violation[];
}

export interface Weights {
  choice: Preference;
  alpha: number;
  beta: number;
  /** What the choice means, in words with the prices. */
  meaning: string;
}

export interface Failure extends Violation {
  shortfall: number;
  message: string;
}

export type Recommendation =
  | {
      feasible: true;
      weights: Weights;
      facts: AssetFacts;
      measured: boolean;
      assumptions: string[];
      plan: Plan;
      /** Constraints that excluded a plan with a lower J (empty: the unconstrained optimum). */
      binding: ConstraintName[];
      bindingText: string;
      alternatives: Plan[];
      /** Every feasible plan's cost and risk, for a chart. */
      frontier: { cron: string; cost: number; risk: number; chosen: boolean }[];
    }
  | {
      feasible: false;
      weights: Weights;
      facts: AssetFacts;
      measured: boolean;
      assumptions: string[];
      failures: Failure[];
    };
