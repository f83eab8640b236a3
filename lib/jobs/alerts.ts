// Notifications that are sent once per condition, not once per occurrence. A row in
// `notifications` is opened for (event, subject) when a condition starts (a job of a policy and
// asset failed, an asset's RPO is breached, a report period is due); only the process whose
// insert won sends, so any number of workers and schedulers can notice the same thing at once.
// Until the row is closed (the job succeeds, the breach ends) or goes stale, the same condition
// sends nothing more: a flapping job (fail, fail, fail) is one message, not three.
import { and, eq, inArray, isNull, lt } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { readSetting } from "@/db/records/report-rows";
import { notifications, webhooks } from "@/db/schema";
import { logger } from "@/lib/logger";
import type { WebhookPayload } from "./notify";
import { type DeliveryOptions, deliver } from "./webhook-delivery";

/** A failure condition that stays open this long is announced again (it is still true). */
export const REPEAT_AFTER_HOURS = 24;
export const DASHBOARD_URL_SETTING = "dashboard.url";

export type AlertEvent = "job.failed" | "backup.missed" | "drill.failed" | "rpo.breach" | "report";

/**
 * Opens the (event, subject) notification unless one is open. Returns true when this call opened
 * it (the caller sends), false when the condition was already announced. With `repeatAfterMs`,
 * an open row older than that is closed first, so a lasting condition is announced again.
 */
export async function openNotification(
  db: Queryable,
  event: AlertEvent,
  subject: string,
  details: Record<string, unknown>,
  options: { now?: Date; repeatAfterMs?: number } = {},
): Promise<boolean> {
  const now = options.now ?? new Date();
  if (options.repeatAfterMs) {
    await db
      .update(notifications)
      .set({ closedAt: now })
      .where(
        and(
          eq(notifications.event, event),
          eq(notifications.subject, subject),
          isNull(notifications.closedAt),
          lt(notifications.openedAt, new Date(now.getTime() - options.repeatAfterMs)),
        ),
      );
  }
  const rows = await db
    .insert(notifications)
    .values({ event, subject, details, openedAt: now })
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return rows.length > 0;
}

/** The condition is over: the next occurrence is news again. */
export async function closeNotifications(
  db: Queryable,
  events: AlertEvent[],
  subject: string,
  now = new Date(),
): Promise<void> {
  await db
    .update(notifications)
    .set({ closedAt: now })
    .where(
      and(
        inArray(notifications.event, events),
        eq(notifications.subject, subject),
        isNull(notifications.closedAt),
      ),
    );
}

/**
 * Where links in notifications point: LIFEBOAT_URL when set, else the address the dashboard was
 * last opened at (noted by the dashboard), else null (the payload then has no link).
 */
export async function dashboardBase(db: Queryable): Promise<string | null> {
  const configured = process.env.LIFEBOAT_URL?.trim();
  if (configured && URL.canParse(configured)) return new URL(configured).origin;
  const noted = await readSetting<string>(db, DASHBOARD_URL_SETTING).catch(() => null);
  return noted && URL.canParse(noted) ? new URL(noted).origin : null;
}

export async function dashboardLink(db: Queryable, path: string): Promise<string | null> {
  const base = await dashboardBase(db);
  return base ? `${base}${path}` : null;
}

/**
 * Sends to every enabled webhook (failures and reports go to all; job.succeeded is filtered by
 * the caller). Never throws; returns how many receivers there were and how many answered 2xx.
 */
async function sendToWebhooks(
  db: Queryable,
  payload: WebhookPayload,
  options: DeliveryOptions = {},
): Promise<{ targets: number; delivered: number }> {
  try {
    const targets = await db.select().from(webhooks).where(eq(webhooks.enabled, true));
    const results = await Promise.all(targets.map((w) => deliver(w.url, payload, options)));
    return { targets: targets.length, delivered: results.filter(Boolean).length };
  } catch (error) {
    logger.warn({ err: error, event: payload.event }, "webhook notification failed");
    return { targets: 0, delivered: 0 };
  }
}

/**
 * Sends an opened notification; when no receiver took it (all were down after their tries), the
 * notification is withdrawn so the condition is announced again: a breach or a report due at the
 * next monitor tick, a failure at its next occurrence. Without this, a receiver down for a minute
 * would silence a breach for as long as it lasted.
 */
export async function sendOpened(
  db: Queryable,
  event: AlertEvent,
  subject: string,
  payload: WebhookPayload,
  options: DeliveryOptions = {},
): Promise<boolean> {
  const { targets, delivered } = await sendToWebhooks(db, payload, options);
  if (targets === 0 || delivered > 0) return true;
  await db
    .delete(notifications)
    .where(
      and(eq(notifications.event, event), eq(notifications.subject, subject), isNull(notifications.closedAt)),
    )
    .catch((error: unknown) => logger.warn({ err: error, event }, "could not withdraw a notification"));
  return false;
}
