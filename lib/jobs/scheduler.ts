// The scheduler turns policies into jobs. Each tick looks at the interval since the policy was
// last scheduled (policies.scheduled_through) and inserts one backup job per asset and due run,
// and one verify job per asset and due drill. The unique index on (policy, asset, kind,
// scheduled_for) makes every insert idempotent, so any number of schedulers (every web instance,
// every `lifeboat worker`) can tick at once without duplicates and none needs to be elected.
// A run that can no longer start in time is inserted as "missed", never dropped silently.
import { and, asc, desc, eq, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assets, jobs, policies, policyAssets, restorePoints } from "@/db/schema";
import { logger } from "@/lib/logger";
import { enqueueJob } from "./enqueue";
import { monitorTick } from "./monitors";
import { type DeliveryOptions, notifyJobEnded } from "./notify";
import {
  type BackupWindow,
  cronOf,
  dueRuns,
  fitWindow,
  MAX_RUNS_PER_TICK,
  missedReason,
} from "./schedule-times";
import type { JobRow } from "./types";

type Policy = typeof policies.$inferSelect;
type AssetRef = { id: string; host: string | null };

export interface TickSummary {
  queued: number;
  missed: number;
  drills: number;
  /** Backup runs that became missed in this tick (for notifications). */
  missedBackups: JobRow[];
}

function windowOf(policy: Policy): BackupWindow | null {
  if (!policy.windowStart || !policy.windowEnd) return null;
  return { start: policy.windowStart, end: policy.windowEnd, timezone: policy.timezone };
}

/** One pass: due runs of every enabled policy become jobs; late queued runs become missed. */
export async function schedulerTick(db: Db, now: Date = new Date()): Promise<TickSummary> {
  const summary: TickSummary = { queued: 0, missed: 0, drills: 0, missedBackups: [] };
  // A disabled policy is not owed its runs: re-enabling it starts from then, not with a flood
  // of "missed" rows for the time it was off.
  await db
    .update(policies)
    .set({ scheduledThrough: now })
    .where(
      and(
        eq(policies.enabled, false),
        or(sql`${policies.scheduledThrough} is null`, lt(policies.scheduledThrough, now)),
      ),
    );
  const enabled = await db.select().from(policies).where(eq(policies.enabled, true));
  for (const policy of enabled) {
    try {
      await tickPolicy(db, policy, now, summary);
    } catch (error) {
      // One broken policy (an invalid stored cron) must not stop the others.
      logger.error({ err: error, policyId: policy.id, policy: policy.name }, "scheduling a policy failed");
    }
  }
  record(summary, await missClosedWindows(db, now));
  return summary;
}

function record(summary: TickSummary, missed: JobRow[]): void {
  summary.missed += missed.length;
  summary.missedBackups.push(...missed.filter((j) => j.kind === "backup"));
}

async function tickPolicy(db: Db, policy: Policy, now: Date, summary: TickSummary): Promise<void> {
  const from = policy.scheduledThrough ?? policy.createdAt;
  if (from >= now) return;
  const runs = dueRuns(cronOf(policy.schedule, policy.timezone), from, now);
  const drills = policy.drillSchedule
    ? dueRuns(cronOf(policy.drillSchedule, policy.timezone), from, now)
    : [];
  // A long catch-up is cut into ticks: only advance as far as what was enumerated.
  let through = now;
  for (const list of [runs, drills]) {
    const last = list.at(-1);
    if (list.length >= MAX_RUNS_PER_TICK && last && last.at < through) through = last.at;
  }
  const members = await db
    .select({ id: assets.id, host: assets.host })
    .from(policyAssets)
    .innerJoin(assets, eq(assets.id, policyAssets.assetId))
    .where(eq(policyAssets.policyId, policy.id));
  const window = windowOf(policy);
  const missed: MissedRow[] = [];
  for (const run of runs.filter((r) => r.at <= through)) {
    const reason = missedReason(run, now, window);
    for (const asset of members) {
      if (reason) missed.push({ asset, kind: "backup", at: run.at, reason });
      else if (await enqueueScheduled(db, policy, asset, "backup", run.at, {}, summary)) summary.queued++;
    }
  }
  for (const drill of drills.filter((r) => r.at <= through)) {
    for (const asset of members) {
      if (drill.superseded) {
        const reason = "not started in time: the scheduler was not running, and a newer drill is due";
        missed.push({ asset, kind: "verify", at: drill.at, reason });
        continue;
      }
      const point = await newestRestorePoint(db, policy, asset.id);
      if (!point) continue; // Nothing to verify yet.
      const params = { restorePointId: point.id };
      if (await enqueueScheduled(db, policy, asset, "verify", drill.at, params, summary)) summary.drills++;
    }
  }
  record(summary, await insertMissed(db, policy, missed));
  // Monotonic: a slower scheduler holding an older clock never moves it back.
  await db
    .update(policies)
    .set({
      scheduledThrough: sql`greatest(coalesce(${policies.scheduledThrough}, ${policies.createdAt}), ${through.toISOString()}::timestamptz)`,
    })
    .where(eq(policies.id, policy.id));
}

async function enqueueScheduled(
  db: Db,
  policy: Policy,
  asset: AssetRef,
  kind: "backup" | "verify",
  at: Date,
  params: Record<string, unknown>,
  summary: TickSummary,
): Promise<boolean> {
  const job = await enqueueJob(db, {
    kind,
    params,
    policyId: policy.id,
    assetId: asset.id,
    host: asset.host,
    source: "schedule",
    scheduledFor: at,
  });
  if (!job) return false;
  // Runs must not pile up behind a slow or unreachable asset: an older run of the same policy
  // and asset that no worker has started yet is superseded by this one (and says so).
  const superseded = await db
    .update(jobs)
    .set({
      status: "missed",
      error: `superseded: the run scheduled at ${at.toISOString()} was queued before this one started`,
      finishedAt: sql`now()`,
    })
    .where(
      and(
        eq(jobs.policyId, policy.id),
        eq(jobs.assetId, asset.id),
        eq(jobs.kind, kind),
        eq(jobs.status, "queued"),
        lt(jobs.scheduledFor, at),
      ),
    )
    .returning();
  record(summary, superseded);
  return true;
}

interface MissedRow {
  asset: AssetRef;
  kind: "backup" | "verify";
  at: Date;
  reason: string;
}

/** Missed runs go in as rows of their own (after downtime there can be many: in batches). */
async function insertMissed(db: Db, policy: Policy, missed: MissedRow[]): Promise<JobRow[]> {
  const inserted: JobRow[] = [];
  for (let i = 0; i < missed.length; i += 500) {
    const rows = await db
      .insert(jobs)
      .values(
        missed.slice(i, i + 500).map((m) => ({
          kind: m.kind,
          status: "missed" as const,
          policyId: policy.id,
          assetId: m.asset.id,
          host: m.asset.host,
          source: "schedule" as const,
          scheduledFor: m.at,
          error: m.reason,
          finishedAt: sql`now()`,
        })),
      )
      .onConflictDoNothing()
      .returning();
    inserted.push(...rows);
  }
  return inserted;
}

/** The asset's newest restore point, preferring the policy's repository. */
async function newestRestorePoint(db: Db, policy: Policy, assetId: string) {
  const [point] = await db
    .select({ id: restorePoints.id })
    .from(restorePoints)
    .where(eq(restorePoints.assetId, assetId))
    .orderBy(sql`${restorePoints.repositoryId} = ${policy.repositoryId} desc`, desc(restorePoints.time))
    .limit(1);
  return point ?? null;
}

/** Scheduled backups still queued when their window closes did not run in it: missed. */
async function missClosedWindows(db: Db, now: Date): Promise<JobRow[]> {
  const waiting = await db
    .select({ id: jobs.id, scheduledFor: jobs.scheduledFor, policy: policies })
    .from(jobs)
    .innerJoin(policies, eq(policies.id, jobs.policyId))
    .where(
      and(
        eq(jobs.status, "queued"),
        eq(jobs.kind, "backup"),
        isNotNull(jobs.scheduledFor),
        isNotNull(policies.windowStart),
        isNotNull(policies.windowEnd),
      ),
    )
    .orderBy(asc(jobs.scheduledFor))
    .limit(1000);
  const late: string[] = [];
  let reason = "";
  for (const job of waiting) {
    const window = windowOf(job.policy);
    if (!window || !job.scheduledFor) continue;
    const fit = fitWindow(window, job.scheduledFor);
    if (fit.closesAt && fit.closesAt <= now) {
      late.push(job.id);
      reason = `the backup window ${window.start}-${window.end} ${window.timezone} closed before any worker started the run`;
    }
  }
  if (late.length === 0) return [];
  const rows = await db
    .update(jobs)
    .set({
      status: "missed",
      error: sql`'the backup window closed before any worker started the run'`,
      finishedAt: sql`now()`,
    })
    .where(and(inArray(jobs.id, late), eq(jobs.status, "queued")))
    .returning();
  if (rows.length) logger.warn({ count: rows.length, reason }, "scheduled backups missed their window");
  return rows;
}

export interface SchedulerHandle {
  stop(): Promise<void>;
}

/** Missed backups announced per tick at most; after downtime the rest are only in the job list. */
const MISSED_NOTIFY_LIMIT = 10;

/** Ticks now and then every intervalMs until stopped; missed backups go to the webhooks. */
export function startScheduler(options: {
  db: Db;
  intervalMs?: number;
  signal?: AbortSignal;
  clock?: () => Date;
  notify?: DeliveryOptions | false;
}): SchedulerHandle {
  const intervalMs = options.intervalMs ?? 15_000;
  const stopper = new AbortController();
  options.signal?.addEventListener("abort", () => stopper.abort(), { once: true });
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const notifications = new Set<Promise<void>>();
  let monitoring: Promise<void> | null = null;
  const announce = (missed: JobRow[]) => {
    if (options.notify === false) return;
    const newest = [...missed].sort((a, b) => Number(b.scheduledFor) - Number(a.scheduledFor));
    for (const job of newest.slice(0, MISSED_NOTIFY_LIMIT)) {
      const p = notifyJobEnded(options.db, job, options.notify || {}).finally(() => notifications.delete(p));
      notifications.add(p);
    }
  };
  const tick = () => {
    if (stopper.signal.aborted) return;
    const now = options.clock?.() ?? new Date();
    running = schedulerTick(options.db, now)
      .then(({ missedBackups, ...counts }) => {
        if (counts.queued || counts.missed || counts.drills) logger.info(counts, "scheduler queued jobs");
        announce(missedBackups);
        // RPO breaches and the scheduled report: announced once however many processes tick.
        // Beside the tick, not in it (a slow webhook must not delay scheduling), one at a time.
        if (options.notify !== false && !monitoring) {
          monitoring = monitorTick(options.db, now, options.notify || {}).finally(() => {
            monitoring = null;
          });
        }
      })
      .catch((error) => logger.warn({ err: error }, "scheduler tick failed"))
      .finally(() => {
        if (!stopper.signal.aborted) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return {
    async stop() {
      stopper.abort();
      clearTimeout(timer);
      await running;
      await Promise.race([
        Promise.all([...notifications, monitoring]),
        new Promise((r) => setTimeout(r, 5000).unref()),
      ]);
    },
  };
}
