// `lifeboat report --period day|week|month [--format md|csv]`: the protection report of the last
// complete period (or the one containing --at, or the current one so far with --current), in
// Markdown or CSV on stdout; --json prints the figures.
import { defineCommand, FlagError } from "./define";

const reports = () => import("@/lib/services/reports");
const text = () => import("@/lib/advisor/report-text");
type Report = Awaited<ReturnType<Awaited<ReturnType<typeof reports>>["getReport"]>>;

const formats = ["md", "csv"] as const;

export default defineCommand({
  name: "report",
  summary: "the protection report of a day, week or month (Markdown or CSV)",
  usage:
    "--period day|week|month [--format md|csv] [--at YYYY-MM-DD | --current] [--tz ZONE] [--json]\n" +
    "  By default the last complete period; --at names a day inside the period wanted, --current the\n" +
    "  period running now (so far). Periods start at midnight (weeks on Monday) in --tz, default UTC.\n",
  options: {
    period: { type: "string" },
    format: { type: "string" },
    at: { type: "string" },
    current: { type: "boolean" },
    tz: { type: "string" },
  },
  input: (values) => {
    const period = values.period ?? "week";
    if (!["day", "week", "month"].includes(period))
      throw new FlagError("--period must be day, week or month");
    const format = values.format ?? "md";
    if (!(formats as readonly string[]).includes(format)) throw new FlagError("--format must be md or csv");
    if (values.at && Number.isNaN(Date.parse(values.at)))
      throw new FlagError("--at: not a date (YYYY-MM-DD)");
    return {
      period: period as "day" | "week" | "month",
      at: values.at,
      which: values.current ? ("current" as const) : ("previous" as const),
      timezone: values.tz ?? "UTC",
      format: format as (typeof formats)[number],
    };
  },
  run: async ({ input, values, session }) => {
    const { format, ...request } = input;
    const report = await (await reports()).getReport(session.ctx, request);
    if (values.json) return report;
    const { reportCsv, reportMarkdown } = await text();
    process.stdout.write(format === "csv" ? reportCsv(report) : reportMarkdown(report));
    return 0;
  },
  print: (report: Report) => report.summary.join("\n"),
});
