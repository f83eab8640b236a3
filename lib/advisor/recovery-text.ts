// A recovery plan and its outcome in words: the assistant answers with it, the recovery page ends
// with its summary ("what is where"), and a closing note can quote it. Pure: it reads the shape
// the recovery view has (lib/services/recovery-views.ts) without importing it.
import { formatDuration } from "./recovery-plan";

export interface RecoveryTextItem {
  position: number;
  stage: number;
  asset: { name: string; kind: "directory" | "postgres"; original: string };
  point: { snapshot: string; time: string; verifiedStatus: string } | null;
  risk: string | null;
  target: string;
  overwrite: boolean;
  estimatedSeconds: number | null;
  dataLossSeconds: number | null;
  job?: {
    status: string;
    error: string | null;
    startedAt: string | null;
    finishedAt: string | null;
    result: Record<string, unknown> | null;
  } | null;
}

export interface RecoveryText {
  id: string;
  status: string;
  incidentAt: string;
  reason: string | null;
  databasesFirst: boolean;
  throughput: { bytesPerSecond: number; measured: boolean };
  estimatedSeconds: number;
  items: RecoveryTextItem[];
}

/** 12.4 KiB, 1.5 GiB: sizes as the dashboard writes them (binary units). */
function size(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 || value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** "2026-11-20 14:05 UTC" in the reader's zone. */
export function formatInstant(iso: string, tz: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")} ${get("timeZoneName")}`;
}

const where = (item: RecoveryTextItem) =>
  `${item.overwrite ? "over the live " : "new "}${item.asset.kind === "postgres" ? "database" : "folder"} ${item.target}`;

/** The plan, one line per asset, then the totals and what the figures rest on. */
export function describePlan(plan: RecoveryText, tz: string): string {
  const lines = [
    `Recovery plan ${plan.id.slice(0, 8)} for an incident at ${formatInstant(plan.incidentAt, tz)}${plan.reason ? ` (${plan.reason})` : ""}:`,
  ];
  for (const item of plan.items) {
    const stage = plan.databasesFirst ? ` [stage ${item.stage}]` : "";
    if (!item.point) {
      lines.push(
        `${item.position}. ${item.asset.name}${stage}: NOT RECOVERABLE — ${item.risk ?? "no restore point"}.`,
      );
      continue;
    }
    const risk = item.risk ? ` Risk: ${item.risk}.` : "";
    lines.push(
      `${item.position}. ${item.asset.name}${stage}: restore point ${item.point.snapshot} of ${formatInstant(item.point.time, tz)} (${item.point.verifiedStatus}) → ${where(item)}; about ${formatDuration(item.estimatedSeconds ?? 0)}; data since ${formatInstant(item.point.time, tz)} lost (${formatDuration(item.dataLossSeconds ?? 0)} before the incident).${risk}`,
    );
  }
  lines.push(
    `Estimated total: ${formatDuration(plan.estimatedSeconds)} at ${size(plan.throughput.bytesPerSecond)}/s ${plan.throughput.measured ? "(measured on earlier restores here)" : "(assumed: nothing was restored here yet)"}${plan.databasesFirst ? "; databases first, folders after them" : ""}.`,
  );
  return lines.join("\n");
}

/** After a recovery: what is where now, and what did not come back. */
export function summarizeRecovery(plan: RecoveryText, tz: string): string[] {
  return plan.items.map((item) => {
    if (!item.point) return `${item.asset.name}: not restored — ${item.risk ?? "no restore point"}.`;
    const job = item.job;
    const from = `from ${item.point.snapshot} of ${formatInstant(item.point.time, tz)}`;
    if (!job) return `${item.asset.name}: not started.`;
    if (job.status === "succeeded") {
      const bytes = Number(job.result?.bytesRestored ?? 0);
      const ms = Number(job.result?.durationMs ?? 0);
      const took = ms
        ? ` in ${formatDuration(ms / 1000)} (estimated ${formatDuration(item.estimatedSeconds ?? 0)})`
        : "";
      return `${item.asset.name} is in the ${where(item)}, ${from}: ${size(bytes)} restored${took}.`;
    }
    if (job.status === "queued" || job.status === "running")
      return `${item.asset.name}: ${job.status}, ${where(item)}.`;
    return `${item.asset.name}: ${job.status} — ${job.error ?? "no reason recorded"}; do not rely on what is in ${item.target}.`;
  });
}
