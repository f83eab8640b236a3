// What a policy is made of, validated before anything is stored: a five-field cron in an IANA time
// zone, at least one retention rule, an optional daily backup window and RPO target.
import { z } from "zod";
import { cronOf } from "@/lib/jobs/schedule-times";

export const CRON_HINT = 'five fields: minute hour day-of-month month day-of-week, e.g. "0 2 * * *"';

/** The reason a cron pattern is refused, or null when it is a valid five-field pattern. */
export function cronProblem(pattern: string): string | null {
  const fields = pattern.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `"${pattern}" is not a cron schedule: it has ${fields.length} field${fields.length === 1 ? "" : "s"}, a schedule needs ${CRON_HINT}`;
  }
  try {
    cronOf(pattern.trim(), "UTC").nextRun();
    return null;
  } catch (error) {
    const why = (error as Error).message.replace(/^CronPattern:\s*/, "");
    return `"${pattern}" is not a valid cron schedule (${why}); a schedule needs ${CRON_HINT}`;
  }
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const cron = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = cronProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const timezone = z
  .string()
  .trim()
  .refine(isTimeZone, { message: "is not a known time zone; use an IANA name such as Europe/Berlin or UTC" })
  // "europe/berlin" is accepted by Intl; store the canonical spelling the scheduler and UI show.
  .transform((zone) => new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone);

const count = z.number().int().positive({ message: "must be a positive whole number" });
export const RETENTION_HINT =
  "a retention needs at least one rule (keep last, hourly, daily, weekly, monthly, yearly or within days)";
export const retention = z
  .strictObject({
    keepLast: count.optional(),
    hourly: count.optional(),
    daily: count.optional(),
    weekly: count.optional(),
    monthly: count.optional(),
    yearly: count.optional(),
    withinDays: count.optional(),
  })
  .refine((r) => Object.values(r).some((v) => v !== undefined), { message: RETENTION_HINT });

const clock = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time of day "HH:MM", e.g. "01:00"' });

const policyName = z.string().trim().min(1, { message: "a policy needs a name" }).max(100);

const fields = {
  name: policyName,
  assets: z.array(z.string().trim().min(1)).min(1, { message: "a policy protects at least one asset" }),
  schedule: cron,
  timezone,
  retention,
  repository: z.string().trim().min(1).optional(),
  windowStart: clock.nullable().optional(),
  windowEnd: clock.nullable().optional(),
  rpoHours: count.nullable().optional(),
  drillSchedule: cron.nullable().optional(),
  pruneEveryDays: count.optional(),
  enabled: z.boolean(),
};

/** Both ends of a window or neither: half a window means nothing. */
function windowComplete(p: { windowStart?: string | null; windowEnd?: string | null }): boolean {
  return (p.windowStart ?? null) === null ? (p.windowEnd ?? null) === null : (p.windowEnd ?? null) !== null;
}
export const WINDOW_HINT = "a backup window needs both a start and an end";

export const createPolicyInput = z
  .object({ ...fields, timezone: fields.timezone.default("UTC"), enabled: fields.enabled.default(true) })
  .refine(windowComplete, { message: WINDOW_HINT, path: ["windowEnd"] });

export const updatePolicyInput = z.object({
  policy: z.string().trim().min(1),
  ...z.object(fields).partial().shape,
});

export { windowComplete };
