// The policy advisor's services: gather an asset's measured history (restore points' sizes and
// bytes added, their jobs' run times) and ask lib/advisor for the schedule and retention that
// minimise cost and risk under the caller's constraints; preview what a retention rule keeps.
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { jobs, restorePoints } from "@/db/schema";
import {
  type Constraints,
  factsFromHistory,
  type Preference,
  previewRetention,
  type Recommendation,
  type RetentionPreview,
  type RunSample,
  recommend,
} from "@/lib/advisor";
import { service } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { retentionRules } from "@/lib/jobs/kinds/retention";
import type { ServiceContext } from "./context";
import { findAsset } from "./lookup";
import { parseInput } from "./parse-input";

const clock = /^([01]?\d|2[0-3]):[0-5]\d$/;

export const suggestPolicyInput = z.object({
  asset: z.string().trim().min(1, { message: "name an asset" }),
  rpoHours: z
    .number()
    .positive()
    .max(24 * 365)
    .optional(),
  keepDays: z.number().int().positive().max(3650).optional(),
  budgetGb: z.number().positive().optional(),
  /** "HH:MM-HH:MM", the daily window backups must start and finish in. */
  window: z
    .string()
    .trim()
    .regex(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/, { message: "give the window as HH:MM-HH:MM" })
    .refine((w) => w.split("-").every((t) => clock.test(t)), {
      message: "the window's times must be HH:MM (00:00-23:59)",
    })
    .refine((w) => w.split("-")[0] !== w.split("-")[1], {
      message: "the window must not start and end at the same time",
    })
    .optional(),
  preference: z.enum(["cheaper", "balanced", "safer"]).default("balanced"),
  /** Money per GB-month and per run-hour; the defaults are stated in the answer. */
  pricePerGbMonth: z.number().nonnegative().optional(),
  pricePerRunHour: z.number().nonnegative().optional(),
});
export type SuggestPolicyInput = z.input<typeof suggestPolicyInput>;

export type PolicySuggestion = Recommendation & {
  asset: { id: string; name: string };
  constraints: Constraints;
};

/** The asset's backups, oldest first, with their jobs' run times where recorded. */
async function historyOf(ctx: ServiceContext, assetId: string): Promise<RunSample[]> {
  const rows = await ctx.db
    .select({
      time: restorePoints.time,
      sizeBytes: restorePoints.sizeBytes,
      bytesAdded: restorePoints.bytesAdded,
      startedAt: jobs.startedAt,
      finishedAt: jobs.finishedAt,
    })
    .from(restorePoints)
    .leftJoin(jobs, eq(jobs.id, restorePoints.jobId))
    .where(eq(restorePoints.assetId, assetId))
    .orderBy(asc(restorePoints.time));
  return rows.map((r) => ({
    time: r.time,
    sizeBytes: r.sizeBytes,
    bytesAdded: r.bytesAdded,
    durationSeconds:
      r.startedAt && r.finishedAt ? (r.finishedAt.getTime() - r.startedAt.getTime()) / 1000 : undefined,
  }));
}

export const suggestPolicy = service(
  "viewer",
  async function suggestPolicy(ctx: ServiceContext, input: SuggestPolicyInput): Promise<PolicySuggestion> {
    const data = parseInput(suggestPolicyInput, input);
    const asset = await findAsset(ctx.db, data.asset);
    const constraints: Constraints = {
      rpoHours: data.rpoHours,
      keepDays: data.keepDays,
      budgetBytes: data.budgetGb === undefined ? undefined : data.budgetGb * 1e9,
    };
    if (data.window) {
      const [start, end] = data.window.split("-") as [string, string];
      constraints.window = { start, end };
    }
    const prices =
      data.pricePerGbMonth !== undefined || data.pricePerRunHour !== undefined
        ? { perGbMonth: data.pricePerGbMonth ?? 0.02, perRunHour: data.pricePerRunHour ?? 0.05 }
        : undefined;
    const result = recommend({
      history: await historyOf(ctx, asset.id),
      constraints,
      preference: data.preference as Preference,
      prices,
    });
    return { ...result, asset: { id: asset.id, name: asset.name }, constraints };
  },
);

export const previewRetentionInput = z.object({
  asset: z.string().trim().min(1),
  schedule: z.string().trim().min(1),
  timezone: z.string().trim().default("UTC"),
  retention: z.object({
    keepLast: z.number().int().positive().optional(),
    hourly: z.number().int().positive().optional(),
    daily: z.number().int().positive().optional(),
    weekly: z.number().int().positive().optional(),
    monthly: z.number().int().positive().optional(),
    yearly: z.number().int().positive().optional(),
    withinDays: z.number().int().positive().optional(),
  }),
  months: z.number().int().min(1).max(24).default(12),
});

/**
 * What a retention rule would keep of the asset's restore points, and keep of the runs the
 * schedule adds over the coming months, with the storage the advisor's model projects.
 */
export const previewPolicyRetention = service(
  "viewer",
  async function previewPolicyRetention(
    ctx: ServiceContext,
    input: z.input<typeof previewRetentionInput>,
    now: Date = new Date(),
  ): Promise<RetentionPreview & { measured: boolean }> {
    const data = parseInput(previewRetentionInput, input);
    const asset = await findAsset(ctx.db, data.asset);
    const history = await historyOf(ctx, asset.id);
    const points = await ctx.db
      .select({ id: restorePoints.snapshotId, time: restorePoints.time })
      .from(restorePoints)
      .where(eq(restorePoints.assetId, asset.id));
    const { facts, measured } = factsFromHistory(history);
    try {
      const preview = previewRetention({
        existing: points,
        rules: retentionRules(data.retention),
        cron: data.schedule,
        timezone: data.timezone,
        months: data.months,
        now,
        facts,
      });
      return { ...preview, measured };
    } catch (error) {
      throw new AppError(
        "invalid_input",
        `schedule: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  },
);

export interface AssetRates {
  measured: boolean;
  backups: number;
  /** Mean and busiest stored bytes of change per hour. */
  changePerHour: number;
  peakChangePerHour: number;
  /** Stored bytes a run writes per second, and the fixed seconds every run costs. */
  throughputPerSecond: number;
  overheadSeconds: number;
  assumptions: string[];
}

/** The asset page's measured change rate and throughput: the same facts the advisor uses. */
export const assetRates = service(
  "viewer",
  async function assetRates(ctx: ServiceContext, assetId: string): Promise<AssetRates> {
    const asset = await findAsset(ctx.db, assetId);
    const history = await historyOf(ctx, asset.id);
    const { facts, measured, assumptions } = factsFromHistory(history);
    return {
      measured,
      backups: history.length,
      changePerHour: facts.changePerHour,
      peakChangePerHour: facts.peakChangePerHour,
      throughputPerSecond: facts.throughputPerSecond,
      overheadSeconds: facts.overheadSeconds,
      assumptions,
    };
  },
);
