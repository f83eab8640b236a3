"use client";
// Live pieces for server-rendered lists: a job's status and bar follow its events, and a list
// refreshes itself (throttled) when a job it does not show appears or one changes status, so a
// job started anywhere (button, CLI, schedule) shows up without a reload. While the event stream
// is down the list refreshes every 5 s instead.
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { StatusBadge } from "@/components/ui/status-badge";
import { useJobEvent, useJobEventListener, useJobStream } from "./job-events";
import { JobProgress, type ProgressFigures } from "./progress";

export function LiveJobStatus({ id, initial }: { id: string; initial: string }) {
  const event = useJobEvent(id);
  return <StatusBadge status={event?.status ?? initial} />;
}

export function LiveJobBar({ id, label, initial }: { id: string; label: string; initial: ProgressFigures }) {
  const event = useJobEvent(id);
  const job = event ? { ...initial, ...event } : initial;
  if (job.status !== "running" && job.status !== "queued" && job.status !== "succeeded") return null;
  return <JobProgress job={job} label={label} compact />;
}

export function RefreshOnJobChanges({
  shown,
  matches,
}: {
  /** id → status of the jobs on screen. */
  shown: Record<string, string>;
  /** Only new jobs of this asset/policy matter (the asset page); any job when absent. */
  matches?: { assetId?: string; policyId?: string };
}) {
  const router = useRouter();
  const { connected } = useJobStream();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const seen = useRef(new Map<string, string>());
  const refreshSoon = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      router.refresh();
    }, 1000);
  };
  useJobEventListener((event) => {
    if (matches?.assetId && event.assetId !== matches.assetId) return;
    if (matches?.policyId && event.policyId !== matches.policyId) return;
    // Status changes only (a new job is a change from nothing); progress events move the bars.
    const before = seen.current.get(event.id) ?? shown[event.id];
    if (before !== event.status) {
      seen.current.set(event.id, event.status);
      refreshSoon();
    }
  });
  useEffect(() => {
    if (connected) return;
    const poll = setInterval(() => router.refresh(), 5000);
    return () => clearInterval(poll);
  }, [connected, router]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return null;
}
