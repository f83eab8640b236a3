// A protection report in words and as files: the plain-language summary, Markdown and CSV. Small
// pure functions of the figures, so the page, the downloads, the webhook and the CLI agree.
import type { AssetFigures, ReportFigures } from "./report";
import type { PeriodRange } from "./report-period";

export interface Report {
  range: PeriodRange;
  figures: ReportFigures;
  summary: string[];
  generatedAt: Date;
  /** Where the dashboard is, for links (null when unknown). */
  link: string | null;
}

/** 1536 → "1.5 KiB", as the dashboard writes sizes (components/ui/format.ts). */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${n < 0 ? "-" : ""}${v.toFixed(digits)} ${units[i]}`;
}

/** 0.78571 → "78.6 %"; never "100.0 %" short of full, nor "0.0 %" above none. */
export function percent(share: number | null): string {
  if (share == null) return "n/a";
  let tenths = Math.round(share * 1000);
  if (share < 1) tenths = Math.min(tenths, 999);
  if (share > 0) tenths = Math.max(tenths, 1);
  return `${(tenths / 10).toFixed(1)} %`;
}

export function formatHours(h: number): string {
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${Number(h.toFixed(1))} h`;
  return `${Number((h / 24).toFixed(1))} days`;
}

export function formatWhen(d: Date | null, timezone: string): string {
  if (!d) return "none";
  return `${new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(d)}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A few sentences a manager can read: is data protected, what went wrong, what is proven. */
export function summarise(figures: ReportFigures, range: PeriodRange): string[] {
  const t = figures.totals;
  const lines: string[] = [];
  const running = figures.observedUntil < figures.end ? " so far" : "";
  if (t.covered === 0) {
    lines.push(`No asset is covered by an enabled policy, so nothing is protected on a schedule.`);
  } else {
    const short = figures.assets.filter((a) => a.covered && a.rpoCompliance < 1);
    lines.push(
      short.length === 0
        ? `In the ${range.label}${running}, all ${plural(t.covered, "protected asset")} stayed within their RPO the whole time.`
        : `In the ${range.label}${running}, ${t.fullyCompliant} of ${plural(t.covered, "protected asset")} stayed within their RPO the whole time; ${short
            .map(
              (a) =>
                `${a.asset} was outside its RPO of ${formatHours(a.rpoHours)} for ${formatHours(a.hoursOutsideRpo)} (${percent(a.rpoCompliance)} compliance)`,
            )
            .join("; ")}.`,
    );
  }
  const uncovered = figures.assets.filter((a) => !a.covered);
  if (uncovered.length)
    lines.push(`Not covered by any enabled policy: ${uncovered.map((a) => a.asset).join(", ")}.`);
  lines.push(
    `${plural(t.backupsSucceeded, "backup")} succeeded, ${t.backupsFailed} failed and ${t.backupsMissed} ${t.backupsMissed === 1 ? "was" : "were"} missed.`,
  );
  lines.push(
    t.drillsRun === 0
      ? "No restore drill ran."
      : `${t.drillsPassed} of ${plural(t.drillsRun, "restore drill")} passed${t.drillsPassed < t.drillsRun ? `; failed: ${failedDrills(figures.assets)}` : ""}.`,
  );
  const unverified = figures.assets.filter((a) => a.covered && !a.newestVerifiedAt);
  if (unverified.length)
    lines.push(`No verified restore point yet for ${unverified.map((a) => a.asset).join(", ")}.`);
  lines.push(
    `Backups added ${formatBytes(t.storageAddedBytes)} to the repositories (about ${formatBytes(t.projected30DayGrowthBytes)} a month at this rate, an estimate).`,
  );
  return lines;
}

function failedDrills(assets: AssetFigures[]): string {
  return assets
    .filter((a) => a.drillsFailed > 0)
    .map((a) => a.asset)
    .join(", ");
}

export const MEASURED_NOTE =
  "Measured: job outcomes, restore point times, verification results and the bytes each backup added. " +
  "Estimated: the monthly growth (a linear projection of this period). RPO compliance is computed from " +
  "the restore points still in the catalogue: points removed by retention no longer count, so for old " +
  "periods it is a lower bound. Assets without an RPO on their policies are measured against " +
  "26 h (a daily backup and two hours' grace), and today's policies and RPOs apply to the whole period. " +
  "Space freed by pruning is not subtracted from storage added.";

const row = (cells: string[]) => `| ${cells.join(" | ")} |`;

export function reportMarkdown(report: Report): string {
  const { figures, range } = report;
  const tz = range.timezone;
  const t = figures.totals;
  const out = [
    `# Protection report: ${range.label}`,
    "",
    `${formatWhen(range.start, tz)} to ${formatWhen(range.end, tz)} (${tz}), generated ${formatWhen(report.generatedAt, tz)}.`,
    "",
    "## Summary",
    "",
    ...report.summary.map((s) => `- ${s}`),
    "",
    "## Figures",
    "",
    row(["Figure", "Value", "Kind"]),
    row(["---", "---:", "---"]),
    row(["RPO compliance (mean of protected assets)", percent(t.rpoCompliance), "measured"]),
    row(["Assets within RPO all period", `${t.fullyCompliant} of ${t.covered}`, "measured"]),
    row(["Backups succeeded", String(t.backupsSucceeded), "measured"]),
    row(["Backups failed", String(t.backupsFailed), "measured"]),
    row(["Backups missed", String(t.backupsMissed), "measured"]),
    row(["Drills passed", `${t.drillsPassed} of ${t.drillsRun}`, "measured"]),
    row(["Storage added", formatBytes(t.storageAddedBytes), "measured"]),
    row(["Growth over 30 days at this rate", formatBytes(t.projected30DayGrowthBytes), "estimated"]),
    "",
    "## Per asset",
    "",
    row([
      "Asset",
      "RPO",
      "Compliance",
      "Outside RPO",
      "OK",
      "Failed",
      "Missed",
      "Drills passed",
      "Newest verified point",
      "Added",
    ]),
    row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---", "---:"]),
    ...figures.assets.map((a) =>
      row([
        a.covered ? a.asset : `${a.asset} (no policy)`,
        `${a.rpoHours} h${a.rpoFromPolicy ? "" : " (default)"}`,
        percent(a.rpoCompliance),
        formatHours(a.hoursOutsideRpo),
        String(a.backupsSucceeded),
        String(a.backupsFailed),
        String(a.backupsMissed),
        `${a.drillsPassed} of ${a.drillsPassed + a.drillsFailed}`,
        formatWhen(a.newestVerifiedAt, tz),
        formatBytes(a.storageAddedBytes),
      ]),
    ),
    "",
    "## Measured and estimated",
    "",
    MEASURED_NOTE,
  ];
  if (report.link) out.push("", `Dashboard: ${report.link}`);
  return `${out.join("\n")}\n`;
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** One row per asset, figures as plain numbers (ratios 0..1, hours, bytes, ISO times). */
export function reportCsv(report: Report): string {
  const header = [
    "period_start",
    "period_end",
    "asset",
    "covered",
    "rpo_hours",
    "rpo_from_policy",
    "rpo_compliance",
    "hours_outside_rpo",
    "backups_succeeded",
    "backups_failed",
    "backups_missed",
    "drills_passed",
    "drills_failed",
    "drills_missed",
    "newest_restore_point",
    "newest_verified_restore_point",
    "storage_added_bytes",
  ];
  const lines = [header.join(",")];
  for (const a of report.figures.assets) {
    lines.push(
      [
        report.range.start.toISOString(),
        report.range.end.toISOString(),
        a.asset,
        a.covered,
        a.rpoHours,
        a.rpoFromPolicy,
        a.rpoCompliance.toFixed(4),
        a.hoursOutsideRpo.toFixed(2),
        a.backupsSucceeded,
        a.backupsFailed,
        a.backupsMissed,
        a.drillsPassed,
        a.drillsFailed,
        a.drillsMissed,
        a.newestPointAt?.toISOString() ?? "",
        a.newestVerifiedAt?.toISOString() ?? "",
        a.storageAddedBytes,
      ]
        .map((v) => csvCell(v as string | number))
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
