"use client";
// A moment shown in the viewer's own time zone. The server does not know that zone, so the first
// paint uses UTC (marked as such) and the browser re-renders in its zone right after hydration;
// useSyncExternalStore makes that switch without a hydration mismatch.
import { useSyncExternalStore } from "react";

const noop = () => () => undefined;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const serverZone = () => "UTC";

export function useTimeZone(): string {
  return useSyncExternalStore(noop, browserZone, serverZone);
}

export function formatDateTime(value: Date | string, timeZone: string, withSeconds = false): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(withSeconds ? { second: "2-digit" } : {}),
    timeZoneName: "short",
  }).format(new Date(value));
}

export function Time({
  value,
  zone,
  seconds = false,
  fallback = "never",
}: {
  value: Date | string | null | undefined;
  /** Show in this zone (a policy's) instead of the viewer's. */
  zone?: string;
  seconds?: boolean;
  fallback?: string;
}) {
  const viewerZone = useTimeZone();
  if (!value) return <span className="text-slate-500">{fallback}</span>;
  const iso = new Date(value).toISOString();
  return (
    <time dateTime={iso} title={iso} className="tabular-nums">
      {formatDateTime(value, zone ?? viewerZone, seconds)}
    </time>
  );
}
