"use client";
// The Reports page's picker (day / week / month, last complete or current) and its downloads.
// Periods start at midnight in the viewer's time zone, which only the browser knows: the first
// visit without ?tz= is replaced by one with it, and every link carries it.
import { Download } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useTimeZone } from "@/components/ui/time";

export interface ReportQuery {
  period: "day" | "week" | "month";
  which: "previous" | "current";
  tz: string | null;
  /** A day inside the period shown (a link from a report); the picker's links leave it. */
  at: string | null;
}

const query = (q: Record<string, string>) => new URLSearchParams(q).toString();

const pill = (active: boolean) =>
  `rounded-md px-3 py-1.5 text-sm font-medium ${
    active ? "bg-sky-700 text-[#fff]" : "text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
  }`;

export function ReportControls({ current }: { current: ReportQuery }) {
  const zone = useTimeZone();
  const router = useRouter();
  const tz = current.tz ?? zone;
  useEffect(() => {
    if (!current.tz && zone !== "UTC")
      router.replace(
        `/reports?${query({ period: current.period, which: current.which, tz: zone, ...(current.at ? { at: current.at } : {}) })}`,
      );
  }, [current, zone, router]);
  const href = (change: Partial<ReportQuery>) =>
    `/reports?${query({ period: change.period ?? current.period, which: change.which ?? current.which, tz })}`;
  const names = { day: "Day", week: "Week", month: "Month" } as const;
  const active = (which: ReportQuery["which"]) => !current.at && current.which === which;
  const previous = { day: "Yesterday", week: "Last week", month: "Last month" } as const;
  const running = { day: "Today so far", week: "This week so far", month: "This month so far" } as const;
  return (
    <div className="mb-6 flex flex-col gap-3 md:flex-row md:items-center md:justify-between">
      <div className="flex flex-wrap items-center gap-2">
        <nav aria-label="Period" className="flex gap-1">
          {(["day", "week", "month"] as const).map((p) => (
            <Link
              key={p}
              href={href({ period: p })}
              aria-current={p === current.period ? "page" : undefined}
              className={pill(p === current.period)}
            >
              {names[p]}
            </Link>
          ))}
        </nav>
        <nav aria-label="Which period" className="flex gap-1">
          <Link
            href={href({ which: "previous" })}
            aria-current={active("previous") ? "page" : undefined}
            className={pill(active("previous"))}
          >
            {previous[current.period]}
          </Link>
          <Link
            href={href({ which: "current" })}
            aria-current={active("current") ? "page" : undefined}
            className={pill(active("current"))}
          >
            {running[current.period]}
          </Link>
        </nav>
      </div>
      <section className="flex flex-wrap items-center gap-2" aria-label="Downloads">
        <span className="text-sm text-slate-600">Download:</span>
        {(
          [
            ["md", "Markdown"],
            ["csv", "CSV"],
            ["pdf", "PDF"],
          ] as const
        ).map(([format, label]) => (
          <a
            key={format}
            href={`/api/reports?${query({ period: current.period, which: current.which, tz, format, ...(current.at ? { at: current.at } : {}) })}`}
            download
            className="inline-flex items-center gap-1 rounded-md px-3 py-1.5 text-sm font-medium text-sky-800 ring-1 ring-slate-300 hover:bg-slate-100"
          >
            <Download aria-hidden="true" className="size-4" />
            {label}
          </a>
        ))}
      </section>
    </div>
  );
}
