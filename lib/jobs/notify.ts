// Webhook notifications when a job ends. Each situation raises one event:
// - job.failed: a job failed after its retries (a backup, restore, forget, check);
// - backup.missed: a scheduled backup could not start in time (its window closed, the scheduler
//   was down) and is recorded as missed;
// - drill.failed: a verification drill (verify job) failed;
// - job.succeeded: only to webhooks that asked for successes.
// A failure is announced once per policy, asset and kind (lib/jobs/alerts.ts) until a run of the
// same succeeds or REPEAT_AFTER_HOURS pass. Delivery is best effort and never holds up or fails
// the job: a few tries with backoff and a timeout each, then a log line.
// rpo.breach and report come from the scheduler's monitors (lib/jobs/monitors.ts).
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assets, policies, webhooks } from "@/db/schema";
import { logger } from "@/lib/logger";
import {
  type AlertEvent,
  closeNotifications,
  dashboardLink,
  openNotification,
  REPEAT_AFTER_HOURS,
  sendOpened,
} from "./alerts";
import type { JobRow } from "./types";
import { type DeliveryOptions, deliver } from "./webhook-delivery";

export { type DeliveryOptions, deliver } from "./webhook-delivery";

/** "webhook.test" is sent only by the dashboard's "Send test" button. */
export type JobEvent = "job.failed" | "backup.missed" | "drill.failed" | "job.succeeded" | "webhook.test";

export interface JobEventPayload {
  event: JobEvent;
  /** One sentence for chat channels. */
  summary?: string;
  /** The job's page in the dashboard, when its address is known. */
  link?: string | null;
  job: {
    id: string;
    kind: string;
    status: string;
    error: string | null;
    asset: { id: string; name: string } | null;
    policy: { id: string; name: string } | null;
    startedAt: string | null;
    finishedAt: string | null;
    result: Record<string, unknown> | null;
  };
}

export interface RpoBreachPayload {
  event: "rpo.breach";
  summary: string;
  link: string | null;
  asset: { id: string; name: string };
  rpoHours: number;
  newestRestorePointAt: string | null;
  /** How long past the RPO the asset is, when detected. */
  overdueBy: { ms: number; text: string };
  detectedAt: string;
}

export interface ReportPayload {
  event: "report";
  summary: string;
  link: string | null;
  period: { kind: string; start: string; end: string; timezone: string; label: string };
  text: string;
  totals: Record<string, unknown>;
}

export type WebhookPayload = JobEventPayload | RpoBreachPayload | ReportPayload;

/** Which event a finished job raises, or null (still running, or cancelled by a person). */
export function eventOf(job: Pick<JobRow, "status" | "kind">): JobEvent | null {
  if (job.status === "missed") return job.kind === "verify" ? "drill.failed" : "backup.missed";
  if (job.status === "failed") return job.kind === "verify" ? "drill.failed" : "job.failed";
  if (job.status === "succeeded") return "job.succeeded";
  return null;
}

/** Failures of the same policy, asset and kind are one condition. */
export function subjectOf(job: Pick<JobRow, "id" | "kind" | "policyId" | "assetId">): string {
  return job.assetId ? `${job.kind}:${job.policyId ?? "manual"}:${job.assetId}` : `job:${job.id}`;
}

const failureEvents: AlertEvent[] = ["job.failed", "backup.missed", "drill.failed"];

/** Sends the job's event to every enabled webhook that wants it (once per condition). Never throws. */
export async function notifyJobEnded(db: Db, job: JobRow, options: DeliveryOptions = {}): Promise<void> {
  try {
    const event = eventOf(job);
    if (!event) return;
    const subject = subjectOf(job);
    if (event === "job.succeeded") {
      await closeNotifications(db, failureEvents, subject);
      const targets = (await db.select().from(webhooks).where(eq(webhooks.enabled, true))).filter(
        (w) => w.onSuccess,
      );
      if (targets.length === 0) return;
      const payload = await buildPayload(db, event, job);
      await Promise.all(targets.map((w) => deliver(w.url, payload, options)));
      return;
    }
    const fresh = await openNotification(
      db,
      event as AlertEvent,
      subject,
      { jobId: job.id, status: job.status },
      { repeatAfterMs: REPEAT_AFTER_HOURS * 3_600_000 },
    );
    if (!fresh) return;
    await sendOpened(db, event as AlertEvent, subject, await buildPayload(db, event, job), options);
  } catch (error) {
    logger.warn({ err: error, jobId: job.id }, "webhook notification failed");
  }
}

async function buildPayload(db: Db, event: JobEvent, job: JobRow): Promise<JobEventPayload> {
  const [asset] = job.assetId
    ? await db.select({ id: assets.id, name: assets.name }).from(assets).where(eq(assets.id, job.assetId))
    : [];
  const [policy] = job.policyId
    ? await db
        .select({ id: policies.id, name: policies.name })
        .from(policies)
        .where(eq(policies.id, job.policyId))
    : [];
  const what = `${job.kind}${asset ? ` of ${asset.name}` : ""}${policy ? ` (policy ${policy.name})` : ""}`;
  const summary =
    event === "backup.missed"
      ? `Scheduled ${what} was missed: ${job.error ?? "it did not start in time"}`
      : event === "drill.failed"
        ? `Restore drill ${what} ${job.status === "missed" ? "was missed" : "failed"}: ${job.error ?? "no reason given"}`
        : event === "job.failed"
          ? `The ${what} failed: ${job.error ?? "no reason given"}`
          : `The ${what} ${job.status}.`;
  return {
    event,
    summary,
    link: await dashboardLink(db, `/jobs/${job.id}`),
    job: {
      id: job.id,
      kind: job.kind,
      status: job.status,
      error: job.error,
      asset: asset ?? null,
      policy: policy ?? null,
      startedAt: job.startedAt ? new Date(job.startedAt).toISOString() : null,
      finishedAt: job.finishedAt ? new Date(job.finishedAt).toISOString() : null,
      result: job.result ?? null,
    },
  };
}
