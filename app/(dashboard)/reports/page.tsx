import type { Metadata } from "next";
import Link from "next/link";
import { ComplianceChart, RunsChart } from "@/components/reports/report-charts";
import { ReportControls, type ReportQuery } from "@/components/reports/report-controls";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { formatBytes } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { formatHours, MEASURED_NOTE, percent } from "@/lib/advisor/report-text";
import { requirePageContext } from "@/lib/auth/next-context";
import { getReport, getReportSchedule } from "@/lib/services/reports";

export const metadata: Metadata = { title: "Reports" };

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

function validZone(value: unknown): string | null {
  if (typeof value !== "string" || !value) return null;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return value;
  } catch {
    return null;
  }
}

export default async function ReportsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, unknown>>;
}) {
  const { ctx } = await requirePageContext();
  const params = await searchParams;
  const current: ReportQuery = {
    period: pick(params.period, ["day", "week", "month"] as const, "week"),
    which: pick(params.which, ["previous", "current"] as const, "previous"),
    tz: validZone(params.tz),
    at: typeof params.at === "string" && /^\d{4}-\d{2}-\d{2}$/.test(params.at) ? params.at : null,
  };
  const [report, schedule] = await Promise.all([
    getReport(ctx, {
      period: current.period,
      which: current.which,
      timezone: current.tz ?? "UTC",
      ...(current.at ? { at: current.at } : {}),
    }),
    getReportSchedule(ctx),
  ]);
  const { figures, range } = report;
  const t = figures.totals;
  const tiles = [
    {
      label: "RPO compliance",
      value: percent(t.rpoCompliance),
      hint: `${t.fullyCompliant} of ${t.covered} assets all period`,
      bad: t.fullyCompliant < t.covered,
    },
    {
      label: "Failed and missed runs",
      value: `${t.backupsFailed} / ${t.backupsMissed}`,
      hint: `${t.backupsSucceeded} backups succeeded`,
      bad: t.backupsFailed + t.backupsMissed > 0,
    },
    {
      label: "Drills passed",
      value: `${t.drillsPassed} of ${t.drillsRun}`,
      hint: t.drillsRun ? "verification drills" : "no drill ran",
      bad: t.drillsPassed < t.drillsRun,
    },
    {
      label: "Storage added",
      value: formatBytes(t.storageAddedBytes),
      hint: `about ${formatBytes(t.projected30DayGrowthBytes)} a month (estimate)`,
      bad: false,
    },
  ];
  const chartData = figures.assets.map((a) => ({
    asset: a.asset,
    compliance: a.rpoCompliance,
    succeeded: a.backupsSucceeded,
    failed: a.backupsFailed,
    missed: a.backupsMissed,
  }));
  return (
    <>
      <PageHeader
        title="Reports"
        description={`Protection in the ${range.label}${figures.observedUntil < range.end ? " so far" : ""} (${range.timezone}): evidence that backups ran, met their RPO and can be restored.`}
      />
      <ReportControls current={current} />
      <Card title="Summary" className="mb-6">
        <ul
          className="flex list-disc flex-col gap-1 pl-5 text-sm text-slate-800"
          data-testid="report-summary"
        >
          {report.summary.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </Card>
      <ul aria-label="Figures" className="mb-6 grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
        {tiles.map((tile) => (
          <li
            key={tile.label}
            className="flex flex-col gap-1 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
          >
            <span className="text-sm text-slate-600">{tile.label}</span>
            <span
              className={`text-2xl font-semibold tabular-nums ${tile.bad ? "text-red-700" : "text-slate-900"}`}
            >
              {tile.value}
            </span>
            <span className="text-xs text-slate-500">{tile.hint}</span>
          </li>
        ))}
      </ul>
      <div className="mb-6 grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title="RPO compliance per asset">
          <ComplianceChart data={chartData} />
        </Card>
        <Card title="Backups per asset">
          <RunsChart data={chartData} />
        </Card>
      </div>
      <DataTable
        label="Figures per asset"
        columns={[
          { key: "asset", header: "Asset" },
          { key: "rpo", header: "RPO", numeric: true, wide: true },
          { key: "compliance", header: "Within RPO", numeric: true },
          { key: "outside", header: "Outside RPO", numeric: true, wide: true },
          { key: "ok", header: "Succeeded", numeric: true, wide: true },
          { key: "failed", header: "Failed", numeric: true },
          { key: "missed", header: "Missed", numeric: true },
          { key: "drills", header: "Drills passed", numeric: true, wide: true },
          { key: "verified", header: "Newest verified point", wide: true },
          { key: "added", header: "Added", numeric: true, wide: true },
        ]}
        rows={figures.assets.map((a) => ({
          id: a.assetId,
          cells: {
            asset: (
              <span className="flex flex-col gap-1">
                <Link href={`/inventory/${a.assetId}`} className="font-medium text-sky-800 hover:underline">
                  {a.asset}
                </Link>
                {a.covered ? null : <StatusBadge status="unprotected" label="no policy" />}
              </span>
            ),
            rpo: `${a.rpoHours} h${a.rpoFromPolicy ? "" : " (default)"}`,
            compliance: (
              <StatusBadge
                status={a.rpoCompliance >= 1 ? "ok" : "at_risk"}
                label={percent(a.rpoCompliance)}
              />
            ),
            outside: formatHours(a.hoursOutsideRpo),
            ok: a.backupsSucceeded,
            failed: a.backupsFailed,
            missed: a.backupsMissed,
            drills: `${a.drillsPassed} of ${a.drillsPassed + a.drillsFailed}`,
            verified: <Time value={a.newestVerifiedAt} fallback="none" />,
            added: formatBytes(a.storageAddedBytes),
          },
        }))}
        empty="No assets yet: add one to the inventory and protect it with a policy."
      />
      <section aria-label="About these figures" className="mt-6 flex flex-col gap-2 text-xs text-slate-600">
        <p>{MEASURED_NOTE}</p>
        <p>
          {schedule.enabled
            ? `Sent to the webhooks every ${schedule.period === "week" ? `${WEEKDAYS[schedule.weekday]} at ${schedule.time}` : `${schedule.period} at ${schedule.time}`} (${schedule.timezone}).`
            : "Not sent on a schedule."}{" "}
          <Link href="/settings/webhooks" className="text-sky-800 hover:underline">
            Change in Settings · Webhooks
          </Link>
        </p>
      </section>
    </>
  );
}
