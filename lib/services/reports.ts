// Protection reports (viewer): the figures of a day, week or month in a time zone, with the
// plain-language summary; the files they download as; and the schedule that sends them to the
// webhooks (admin). Figures are defined once, in lib/advisor/report.ts.
import { z } from "zod";
import { recordAudit } from "@/db/records/audit";
import { readSetting, writeSetting } from "@/db/records/report-rows";
import { type Period, periodContaining, periods, previousPeriod } from "@/lib/advisor/report-period";
import { type Report, reportCsv, reportMarkdown } from "@/lib/advisor/report-text";
import { service } from "@/lib/auth/context";
import { DASHBOARD_URL_SETTING, dashboardLink } from "@/lib/jobs/alerts";
import { DEFAULT_REPORT_SCHEDULE, REPORT_SCHEDULE_SETTING, type ReportSchedule } from "@/lib/jobs/monitors";
import { buildReport } from "@/lib/jobs/report-build";
import type { ServiceContext } from "./context";
import { isTimeZone } from "./policy-input";

export type { Report } from "@/lib/advisor/report-text";

const dateText = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: "not a date (use YYYY-MM-DD)" });

export const reportInput = z.object({
  period: z.enum(periods).default("week"),
  /** Any instant inside the period; by default the last complete period. */
  at: dateText.optional(),
  /** "current": the period containing now (so far). Ignored when `at` is given. */
  which: z.enum(["previous", "current"]).default("previous"),
  timezone: z
    .string()
    .trim()
    .default("UTC")
    .refine((v) => isTimeZone(v), { message: "not a time zone (e.g. Europe/Berlin)" }),
});

export const getReport = service(
  "viewer",
  async function getReport(
    ctx: ServiceContext,
    input: z.input<typeof reportInput> = {},
    now: Date = new Date(),
  ): Promise<Report> {
    const data = reportInput.parse(input);
    const period = data.period as Period;
    const range = data.at
      ? periodContaining(period, atNoon(data.at), data.timezone)
      : data.which === "current"
        ? periodContaining(period, now, data.timezone)
        : previousPeriod(period, now, data.timezone);
    return buildReport(ctx.db, range, now, await dashboardLink(ctx.db, `/reports?period=${period}`));
  },
);

/** "2026-11-30" alone means that day, not its UTC midnight (a day earlier west of Greenwich). */
function atNoon(text: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T12:00:00Z`) : new Date(text);
}

export const reportFile = service(
  "viewer",
  async function reportFile(
    ctx: ServiceContext,
    input: z.input<typeof reportInput> & { format: "md" | "csv" | "pdf" },
    now: Date = new Date(),
  ): Promise<{ body: string | Uint8Array; contentType: string; filename: string }> {
    const report = await getReport(ctx, input, now);
    const name = `lifeboat-report-${report.range.period}-${report.range.key.split(":")[1]}`;
    if (input.format === "csv")
      return { body: reportCsv(report), contentType: "text/csv; charset=utf-8", filename: `${name}.csv` };
    if (input.format === "pdf") {
      const { reportPdf } = await import("@/lib/advisor/report-pdf");
      return { body: await reportPdf(report), contentType: "application/pdf", filename: `${name}.pdf` };
    }
    return {
      body: reportMarkdown(report),
      contentType: "text/markdown; charset=utf-8",
      filename: `${name}.md`,
    };
  },
);

const scheduleInput = z.object({
  enabled: z.boolean(),
  period: z.enum(periods).default("week"),
  weekday: z.number().int().min(0).max(6).default(0),
  time: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "use HH:MM (24 h)" }),
  timezone: z
    .string()
    .trim()
    .refine((v) => isTimeZone(v), { message: "not a time zone (e.g. Europe/Berlin)" }),
});

export const getReportSchedule = service(
  "viewer",
  async function getReportSchedule(ctx: ServiceContext): Promise<ReportSchedule> {
    const stored = await readSetting<Partial<ReportSchedule>>(ctx.db, REPORT_SCHEDULE_SETTING);
    return { ...DEFAULT_REPORT_SCHEDULE, ...(stored ?? {}) };
  },
);

export const reportScheduleSaved = service(
  "viewer",
  async function reportScheduleSaved(ctx: ServiceContext): Promise<boolean> {
    return (await readSetting(ctx.db, REPORT_SCHEDULE_SETTING)) !== null;
  },
);

export const setReportSchedule = service(
  "admin",
  async function setReportSchedule(
    ctx: ServiceContext,
    input: z.input<typeof scheduleInput>,
  ): Promise<ReportSchedule> {
    const data = scheduleInput.parse(input) as ReportSchedule;
    await ctx.db.transaction(async (tx) => {
      await writeSetting(tx, REPORT_SCHEDULE_SETTING, data);
      await recordAudit(tx, ctx.actor, "report.schedule", null, { ...data });
    });
    return data;
  },
);

/**
 * Notes the address the dashboard was reached at, for links in notifications when LIFEBOAT_URL
 * is unset. Written only when it changed (a page view is not worth a write).
 */
let lastNoted: string | null = null;
export const noteDashboardOrigin = service(
  "admin",
  async function noteDashboardOrigin(ctx: ServiceContext, origin: string): Promise<void> {
    if (!URL.canParse(origin) || !/^https?:$/.test(new URL(origin).protocol)) return;
    const clean = new URL(origin).origin;
    if (clean === lastNoted) return;
    await writeSetting(ctx.db, DASHBOARD_URL_SETTING, clean);
    lastNoted = clean;
  },
);
