// A protection report for one period, from the database: rows (db/records/report-rows.ts), figures
// (lib/advisor/report.ts), words (lib/advisor/report-text.ts). The Reports service and the
// scheduled report both call this, so the page, the downloads and the webhook show one truth.
import type { Queryable } from "@/db/client";
import { loadReportRows } from "@/db/records/report-rows";
import { computeReport } from "@/lib/advisor/report";
import type { PeriodRange } from "@/lib/advisor/report-period";
import { type Report, summarise } from "@/lib/advisor/report-text";

export async function buildReport(
  db: Queryable,
  range: PeriodRange,
  now: Date,
  link: string | null,
): Promise<Report> {
  const rows = await loadReportRows(db, range.start, range.end);
  const figures = computeReport(rows, range.start, range.end, now);
  return { range, figures, summary: summarise(figures, range), generatedAt: now, link };
}
