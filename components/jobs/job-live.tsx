"use client";
// The job page's live part. The first paint comes from the server; then every event of this job
// moves the bar at once and refetches the row (for the log) at most once a second; while the
// event stream is down the row is polled every 2 s instead.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm";
import { type Action, runAction } from "@/components/ui/run-action";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { useJobEventListener, useJobStream } from "./job-events";
import { JobProgress } from "./progress";

export interface LiveJob {
  id: string;
  kind: string;
  status: string;
  bytesDone: number;
  bytesTotal: number | null;
  filesDone: number;
  filesTotal: number | null;
  currentPath: string | null;
  log: string;
  error: string | null;
  attempts: number;
  maxAttempts: number;
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  asset: { id: string; name: string } | null;
}

const active = (status: string) => status === "queued" || status === "running";

export function JobLive({
  initial,
  canOperate,
  cancelAction,
  retryAction,
}: {
  initial: LiveJob;
  canOperate: boolean;
  cancelAction: Action<{ id: string }, { id: string; status: string }>;
  retryAction: Action<{ id: string }, { id: string }>;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { connected } = useJobStream();
  const key = ["job", initial.id];
  const { data: job = initial } = useQuery({
    queryKey: key,
    queryFn: async () => {
      const response = await fetch(`/api/jobs/${initial.id}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`job ${response.status}`);
      return (await response.json()) as LiveJob;
    },
    initialData: initial,
    staleTime: Number.POSITIVE_INFINITY,
    refetchInterval: (query) => (connected || !active(query.state.data?.status ?? "") ? false : 2000),
  });

  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useJobEventListener((event) => {
    if (event.id !== initial.id) return;
    queryClient.setQueryData<LiveJob>(key, (old) => (old ? { ...old, ...event } : old));
    if (refetchTimer.current) return;
    refetchTimer.current = setTimeout(() => {
      refetchTimer.current = null;
      void queryClient.invalidateQueries({ queryKey: key });
    }, 1000);
  });
  useEffect(
    () => () => {
      if (refetchTimer.current) clearTimeout(refetchTimer.current);
    },
    [],
  );

  // A job that ends while watched: the page's server parts (a restore's "Where the data is now")
  // are rendered again with the final state.
  const wasActive = useRef(active(initial.status));
  useEffect(() => {
    if (wasActive.current && !active(job.status)) router.refresh();
    wasActive.current = active(job.status);
  }, [job.status, router]);

  const logRef = useRef<HTMLPreElement>(null);
  const logLength = job.log.length;
  useEffect(() => {
    const el = logRef.current;
    if (el && logLength) el.scrollTop = el.scrollHeight;
  }, [logLength]);

  return (
    <div className="flex flex-col gap-4">
      <section
        aria-label="Progress"
        className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
      >
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex items-center gap-2" aria-live="polite">
            <StatusBadge status={job.status} />
            {job.cancelRequested && active(job.status) ? (
              <span className="text-sm text-slate-600">cancelling…</span>
            ) : null}
          </div>
          {canOperate ? (
            <div className="flex gap-2">
              {active(job.status) && !job.cancelRequested ? (
                <ConfirmButton
                  label="Cancel job"
                  title="Cancel this job?"
                  description="A queued job is dropped; a running one stops at the next check (within about 10 s). Nothing already stored is removed."
                  confirmLabel="Cancel job"
                  onConfirm={async () => {
                    const r = await runAction(cancelAction({ id: job.id }), "Cancel requested");
                    if (r.ok) void queryClient.invalidateQueries({ queryKey: key });
                  }}
                />
              ) : null}
              {job.status === "failed" || job.status === "missed" ? (
                <Button
                  onClick={async () => {
                    const r = await runAction(retryAction({ id: job.id }), "Queued again");
                    if (r.ok) router.push(`/jobs/${r.data.id}`);
                  }}
                >
                  Retry
                </Button>
              ) : null}
            </div>
          ) : null}
        </div>
        <JobProgress job={job} label={`Progress of ${job.kind}${job.asset ? ` of ${job.asset.name}` : ""}`} />
        {job.currentPath && job.status === "running" ? (
          <p className="truncate text-xs text-slate-500" title={job.currentPath}>
            {job.currentPath}
          </p>
        ) : null}
        {job.error && job.status !== "succeeded" ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {job.status === "cancelled" ? "Cancelled: " : "Failed: "}
            {job.error}
          </p>
        ) : null}
        <dl className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-xs text-slate-500">Queued</dt>
            <dd>
              <Time value={job.createdAt} seconds />
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Started</dt>
            <dd>
              <Time value={job.startedAt} seconds fallback="not yet" />
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Finished</dt>
            <dd>
              <Time value={job.finishedAt} seconds fallback="not yet" />
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Attempt</dt>
            <dd className="tabular-nums">
              {job.attempts} of {job.maxAttempts}
            </dd>
          </div>
        </dl>
        {!connected && active(job.status) ? (
          <p className="text-xs text-slate-500">Live updates paused; refreshing every 2 s.</p>
        ) : null}
      </section>
      <section aria-label="Log" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 className="mb-2 text-base font-semibold">Log</h2>
        <pre
          ref={logRef}
          role="log"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling log must be reachable by keyboard
          tabIndex={0}
          className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-800"
        >
          {job.log || "Nothing logged yet."}
        </pre>
      </section>
    </div>
  );
}
