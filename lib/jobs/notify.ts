// Webhook notifications when a job ends: failures always, successes only to webhooks that asked
// for them. Delivery is best effort and never holds up or fails the job: a few tries with
// backoff and a timeout each, then a log line.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assets, policies, webhooks } from "@/db/schema";
import { logger } from "@/lib/logger";
import type { JobRow } from "./types";

/** "webhook.test" is sent only by the dashboard's "Send test" button. */
export type JobEvent = "job.failed" | "job.succeeded" | "webhook.test";

export interface JobEventPayload {
  event: JobEvent;
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

export interface DeliveryOptions {
  tries?: number;
  /** Wait before try n (n ≥ 2) is backoffMs * 4^(n-2): 1 s, 4 s by default. */
  backoffMs?: number;
  timeoutMs?: number;
}

/**
 * Which event a finished job raises, or null (still running, or cancelled by a person). A missed
 * scheduled run is a failure to protect: it raises job.failed with status "missed".
 */
export function eventOf(job: Pick<JobRow, "status">): JobEvent | null {
  if (job.status === "failed" || job.status === "missed") return "job.failed";
  if (job.status === "succeeded") return "job.succeeded";
  return null;
}

/** Sends the job's event to every enabled webhook that wants it. Never throws. */
export async function notifyJobEnded(db: Db, job: JobRow, options: DeliveryOptions = {}): Promise<void> {
  try {
    const event = eventOf(job);
    if (!event) return;
    const targets = (await db.select().from(webhooks).where(eq(webhooks.enabled, true))).filter(
      (w) => event === "job.failed" || w.onSuccess,
    );
    if (targets.length === 0) return;
    const payload = await buildPayload(db, event, job);
    await Promise.all(targets.map((w) => deliver(w.url, payload, options)));
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
  return {
    event,
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

/** POSTs the payload; a 2xx answer is delivered, anything else (or no answer) is tried again. */
export async function deliver(
  url: string,
  payload: JobEventPayload,
  options: DeliveryOptions = {},
): Promise<boolean> {
  const tries = options.tries ?? 3;
  const backoffMs = options.backoffMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let lastError = "";
  for (let attempt = 1; attempt <= tries; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, backoffMs * 4 ** (attempt - 2)));
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "lifeboat-webhook" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
      });
      await response.body?.cancel();
      if (response.ok) return true;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
  }
  // The URL may carry a token: log only where it points.
  logger.warn(
    { target: safeOrigin(url), event: payload.event, jobId: payload.job.id, error: lastError },
    "webhook not delivered",
  );
  return false;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid url)";
  }
}
