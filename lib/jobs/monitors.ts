// What the scheduler watches besides due runs: RPO breaches (an asset's newest restore point
// older than its RPO) and the scheduled protection report. Both announce through the
// notifications table (lib/jobs/alerts.ts), so every process can run them on every tick and each
// breach, and each report period, is sent once.
import { and, desc, eq, isNull, max } from "drizzle-orm";
import type { Db } from "@/db/client";
import { readSetting } from "@/db/records/report-rows";
import { assets, notifications, policies, policyAssets, restorePoints } from "@/db/schema";
import { HOUR_MS, rpoBreach, rpoOf } from "@/lib/advisor/report";
import { type Period, periods, previousPeriod, zonedTime } from "@/lib/advisor/report-period";
import { formatHours, reportMarkdown } from "@/lib/advisor/report-text";
import { logger } from "@/lib/logger";
import { closeNotifications, dashboardLink, openNotification, sendOpened } from "./alerts";
import type { ReportPayload, RpoBreachPayload } from "./notify";
import { buildReport } from "./report-build";
import type { DeliveryOptions } from "./webhook-delivery";

/**
 * Opens (and sends) an rpo.breach for each asset of an enabled policy whose newest restore point
 * is older than its RPO (or that has none, once the RPO has passed since the asset was added),
 * and closes the breaches that ended. Returns the breaches this call announced.
 */
export async function checkRpoBreaches(
  db: Db,
  now: Date,
  options: DeliveryOptions = {},
): Promise<RpoBreachPayload[]> {
  const [policyRows, members, assetRows, newest, open] = await Promise.all([
    db.select({ id: policies.id, enabled: policies.enabled, rpoHours: policies.rpoHours }).from(policies),
    db.select().from(policyAssets),
    db.select({ id: assets.id, name: assets.name, createdAt: assets.createdAt }).from(assets),
    db
      .select({ assetId: restorePoints.assetId, time: max(restorePoints.time) })
      .from(restorePoints)
      .groupBy(restorePoints.assetId),
    db
      .select({ subject: notifications.subject })
      .from(notifications)
      .where(and(eq(notifications.event, "rpo.breach"), isNull(notifications.closedAt))),
  ]);
  // Only breaches that are open need closing: no write per asset and tick.
  const openFor = new Set(open.map((o) => o.subject));
  const ended = async (assetId: string) => {
    if (openFor.has(assetId)) await closeNotifications(db, ["rpo.breach"], assetId, now);
  };
  const plain = policyRows.map((p) => ({
    enabled: p.enabled,
    rpoHours: p.rpoHours,
    assetIds: members.filter((m) => m.policyId === p.id).map((m) => m.assetId),
  }));
  const newestBy = new Map(newest.map((n) => [n.assetId, n.time ? new Date(n.time) : null]));
  const sent: RpoBreachPayload[] = [];
  for (const asset of assetRows) {
    if (!plain.some((p) => p.enabled && p.assetIds.includes(asset.id))) {
      await ended(asset.id);
      continue;
    }
    const rpo = rpoOf(asset.id, plain);
    const point = newestBy.get(asset.id) ?? null;
    // No point yet: the RPO runs from when the asset was added.
    const breach = rpoBreach(point ?? asset.createdAt, rpo.hours, now);
    if (!breach.breached) {
      await ended(asset.id);
      continue;
    }
    if (openFor.has(asset.id)) continue; // announced already, still true
    const details = { asset: asset.name, rpoHours: rpo.hours, newest: point?.toISOString() ?? null };
    if (!(await openNotification(db, "rpo.breach", asset.id, details, { now }))) continue;
    const overdue = formatHours(breach.overdueMs / HOUR_MS);
    const payload: RpoBreachPayload = {
      event: "rpo.breach",
      summary: point
        ? `${asset.name} is outside its RPO of ${rpo.hours} h: the newest restore point is from ${point.toISOString()}, overdue by ${overdue}.`
        : `${asset.name} has no restore point ${rpo.hours} h after it was added (overdue by ${overdue}).`,
      link: await dashboardLink(db, `/inventory/${asset.id}`),
      asset: { id: asset.id, name: asset.name },
      rpoHours: rpo.hours,
      newestRestorePointAt: point?.toISOString() ?? null,
      overdueBy: { ms: breach.overdueMs, text: overdue },
      detectedAt: now.toISOString(),
    };
    if (await sendOpened(db, "rpo.breach", asset.id, payload, options)) sent.push(payload);
  }
  return sent;
}

export const REPORT_SCHEDULE_SETTING = "report.schedule";

export interface ReportSchedule {
  enabled: boolean;
  period: Period;
  /** For weekly reports: 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** Local time "HH:MM" in `timezone`, on the first day after the period ends (or the weekday). */
  time: string;
  timezone: string;
}

export const DEFAULT_REPORT_SCHEDULE: ReportSchedule = {
  enabled: false,
  period: "week",
  weekday: 0,
  time: "08:00",
  timezone: "UTC",
};

/** When the report of the period that ended at `periodEnd` is due. */
export function reportDueAt(schedule: ReportSchedule, periodEnd: Date): Date {
  const [hh, mm] = schedule.time.split(":").map(Number);
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: schedule.timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(periodEnd);
  const [y, m, d] = parts.split("-").map(Number);
  const extra = schedule.period === "week" ? schedule.weekday : 0;
  return zonedTime({ y, m, d: d + extra }, schedule.timezone, hh, mm);
}

/** Sends the last complete period's report once it is due; once per period across processes. */
export async function sendScheduledReport(
  db: Db,
  now: Date,
  options: DeliveryOptions = {},
): Promise<ReportPayload | null> {
  const stored = await readSetting<Partial<ReportSchedule>>(db, REPORT_SCHEDULE_SETTING);
  const schedule = { ...DEFAULT_REPORT_SCHEDULE, ...(stored ?? {}) };
  if (!schedule.enabled || !periods.includes(schedule.period)) return null;
  const range = previousPeriod(schedule.period, now, schedule.timezone);
  if (now < reportDueAt(schedule, range.end)) return null;
  // A report is a one-off per period: its row is never closed, the key never repeats.
  const [already] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.event, "report"), eq(notifications.subject, range.key)))
    .orderBy(desc(notifications.openedAt))
    .limit(1);
  if (already) return null;
  if (!(await openNotification(db, "report", range.key, { label: range.label }, { now }))) return null;
  const report = await buildReport(
    db,
    range,
    now,
    await dashboardLink(db, `/reports?period=${range.period}`),
  );
  const payload: ReportPayload = {
    event: "report",
    summary: report.summary.join(" "),
    link: report.link,
    period: {
      kind: range.period,
      start: range.start.toISOString(),
      end: range.end.toISOString(),
      timezone: range.timezone,
      label: range.label,
    },
    text: reportMarkdown(report),
    totals: report.figures.totals as unknown as Record<string, unknown>,
  };
  if (!(await sendOpened(db, "report", range.key, payload, options))) return null;
  logger.info({ period: range.key }, "protection report sent");
  return payload;
}

/** Both monitors, each failing alone. */
export async function monitorTick(db: Db, now: Date, options: DeliveryOptions = {}): Promise<void> {
  await checkRpoBreaches(db, now, options).catch((error) =>
    logger.warn({ err: error }, "RPO breach check failed"),
  );
  await sendScheduledReport(db, now, options).catch((error) =>
    logger.warn({ err: error }, "scheduled report failed"),
  );
}
