"use client";
// A job's progress: bar with percent, bytes and files, throughput and time left. The bar is a
// native <progress> (no inline styles, so it passes a strict CSP) with an explicit label and
// value for assistive technology; figures use tabular numbers so nothing jumps as they change.
import { formatBytes, formatDuration, formatNumber, formatRate } from "@/components/ui/format";

export interface ProgressFigures {
  status: string;
  bytesDone: number;
  bytesTotal: number | null;
  filesDone: number;
  filesTotal: number | null;
  startedAt: string | Date | null;
  finishedAt: string | Date | null;
}

export function percentOf(p: ProgressFigures): number | null {
  if (p.status === "succeeded") return 100;
  if (!p.bytesTotal || p.bytesTotal <= 0) return null;
  return Math.min(99, Math.floor((p.bytesDone / p.bytesTotal) * 100));
}

export function JobProgress({
  job,
  label,
  compact = false,
}: {
  job: ProgressFigures;
  label: string;
  compact?: boolean;
}) {
  const percent = percentOf(job);
  const started = job.startedAt ? new Date(job.startedAt).getTime() : null;
  const end = job.finishedAt ? new Date(job.finishedAt).getTime() : Date.now();
  const seconds = started ? Math.max((end - started) / 1000, 0.001) : null;
  const rate = seconds && job.bytesDone ? job.bytesDone / seconds : null;
  const left =
    rate && job.bytesTotal && job.status === "running"
      ? Math.max(job.bytesTotal - job.bytesDone, 0) / rate
      : null;
  const waiting = job.status === "queued";
  return (
    <div className="flex min-w-40 flex-col gap-1">
      <div className="flex items-center gap-2">
        <progress
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent ?? undefined}
          aria-valuetext={waiting ? "waiting to start" : percent == null ? "working" : `${percent}%`}
          max={100}
          value={percent ?? undefined}
          className="h-2.5 w-full overflow-hidden rounded-full [&::-moz-progress-bar]:bg-sky-600 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-sky-600"
        />
        <span className="w-10 text-right text-sm font-medium tabular-nums">
          {percent == null ? "" : `${percent}%`}
        </span>
      </div>
      {compact ? null : (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-xs text-slate-500">Data</dt>
            <dd className="tabular-nums">
              {formatBytes(job.bytesDone)}
              {job.bytesTotal ? ` of ${formatBytes(job.bytesTotal)}` : ""}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Files</dt>
            <dd className="tabular-nums">
              {formatNumber(job.filesDone)}
              {job.filesTotal ? ` of ${formatNumber(job.filesTotal)}` : ""}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Throughput</dt>
            <dd className="tabular-nums" suppressHydrationWarning>
              {waiting ? "—" : formatRate(rate)}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Time left</dt>
            <dd className="tabular-nums" suppressHydrationWarning>
              {job.status === "running" ? (left == null ? "estimating…" : formatDuration(left)) : "—"}
            </dd>
          </div>
        </dl>
      )}
    </div>
  );
}
