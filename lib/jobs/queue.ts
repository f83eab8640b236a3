// The job queue is the jobs table. A worker claims one row with FOR UPDATE SKIP LOCKED (so any
// number of workers, in any number of processes, never take the same job), holds a 30 s lease it
// renews by heartbeat, and ends the job with one guarded UPDATE. Every transition is a single
// statement conditioned on "still running and still ours", so a worker that lost its lease
// (paused, partitioned, killed) can never overwrite what another worker or the lapse sweep did.
// Times come from the database's clock (now()), never from a worker's, so hosts may drift.
import { readlinkSync } from "node:fs";
import os from "node:os";
import { and, asc, eq, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import type { JobKind } from "@/db/schema";
import { jobs } from "@/db/schema";
import { logLine } from "./job-log";
import type { JobResult, JobRow } from "./types";

export { appendJobLog, createProgressWriter, type ProgressWriter } from "./job-log";

export const LEASE_SECONDS = 30;

/**
 * Retry delay after the given attempt failed: 15 s, 60 s, 4 min, 16 min, then an hour at most.
 * The same expression runs in SQL (backoffSql) so every path that requeues backs off alike.
 */
export function backoffSeconds(attempt: number): number {
  return Math.min(15 * 4 ** Math.max(attempt - 1, 0), 3600);
}
const backoffSql = sql`make_interval(secs => least(15 * power(4, greatest(${jobs.attempts} - 1, 0)), 3600))`;
const leaseSql = (seconds = LEASE_SECONDS) => sql`now() + make_interval(secs => ${seconds}::int)`;

/**
 * This machine as lease owners name it: the host name plus, on Linux, the pid namespace, so two
 * containers that share a host name are never mistaken for one machine (their pids differ).
 */
export function machineId(): string {
  try {
    const ns = readlinkSync("/proc/self/ns/pid").replace(/\D/g, "");
    if (ns) return `${os.hostname()}/${ns}`;
  } catch {
    // Not Linux: the host name alone.
  }
  return os.hostname();
}

/** A lease owner name unique per process: "machine:pid:tag" (see recoverStaleJobs). */
export function defaultWorkerId(): string {
  return `${machineId()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

export interface ClaimOptions {
  workerId: string;
  /** Jobs bound to another host are left for that host's worker. */
  hostname: string;
  kinds?: JobKind[];
  /** Lease length (default 30 s); tests shorten it. */
  leaseSeconds?: number;
}

/** Takes the oldest due job this worker may run, or returns null when there is none. */
export async function claimNextJob(db: Queryable, options: ClaimOptions): Promise<JobRow | null> {
  const due: SQL[] = [
    eq(jobs.status, "queued"),
    sql`${jobs.runAfter} <= now()`,
    or(isNull(jobs.host), eq(jobs.host, options.hostname)) as SQL,
  ];
  if (options.kinds?.length) due.push(inArray(jobs.kind, options.kinds));
  const next = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(...due))
    // run_after alone: the (status, run_after) index then yields the first row directly. A tie
    // break on created_at made every claim sort all jobs enqueued in one statement (they share
    // one now()), which cost O(queue) per claim: 500 jobs drained at 265/s, 2000 at 88/s.
    .orderBy(asc(jobs.runAfter))
    .limit(1)
    .for("update", { skipLocked: true });
  const rows = await db
    .update(jobs)
    .set({
      status: "running",
      leaseOwner: options.workerId,
      leaseExpiresAt: leaseSql(options.leaseSeconds),
      heartbeatAt: sql`now()`,
      attempts: sql`${jobs.attempts} + 1`,
      startedAt: sql`now()`,
      finishedAt: null,
      // A retry starts its progress from zero, not from where the interrupted attempt stopped.
      bytesDone: 0,
      bytesTotal: null,
      filesDone: 0,
      filesTotal: null,
      currentPath: null,
      log: logLine(
        sql`${jobs.log}`,
        sql`'attempt ' || (${jobs.attempts} + 1) || ' of ' || ${jobs.maxAttempts} || ' started on ' || ${options.workerId}::text`,
      ),
    })
    .where(sql`${jobs.id} = (${next})`)
    .returning();
  return rows[0] ?? null;
}

const ours = (id: string, workerId: string) =>
  and(eq(jobs.id, id), eq(jobs.leaseOwner, workerId), eq(jobs.status, "running"));

export interface HeartbeatResult {
  /** False once the lease was lost (lapsed and taken back); the worker must abort the run. */
  owned: boolean;
  cancelRequested: boolean;
}

/** Renews the lease while the job is still ours, and reports a pending cancel. */
export async function heartbeat(
  db: Queryable,
  id: string,
  workerId: string,
  leaseSeconds?: number,
): Promise<HeartbeatResult> {
  const rows = await db
    .update(jobs)
    .set({ leaseExpiresAt: leaseSql(leaseSeconds), heartbeatAt: sql`now()` })
    .where(ours(id, workerId))
    .returning({ cancelRequested: jobs.cancelRequested });
  const row = rows[0];
  return { owned: Boolean(row), cancelRequested: row?.cancelRequested ?? false };
}

/**
 * Success. Accepts a transaction, so a kind can end its job in the same transaction that writes
 * what it produced (the restore point); the worker's own call afterwards is then a no-op.
 * Returns the finished row, or null when the job was no longer ours (or already ended).
 */
export async function completeJob(
  db: Queryable,
  id: string,
  workerId: string,
  result?: JobResult,
): Promise<JobRow | null> {
  const rows = await db
    .update(jobs)
    .set({
      status: "succeeded",
      result: result ?? null,
      error: null,
      finishedAt: sql`now()`,
      leaseOwner: null,
      leaseExpiresAt: null,
      log: logLine(sql`${jobs.log}`, sql`'succeeded'`),
    })
    .where(ours(id, workerId))
    .returning();
  return rows[0] ?? null;
}

/** The status, run_after, error and log of a job that ended an attempt without success. */
function retryOrFail(error: SQL, finalError: SQL, permanent: boolean) {
  const giveUp = permanent ? sql`true` : sql`${jobs.attempts} >= ${jobs.maxAttempts}`;
  return {
    status: sql`case when ${jobs.cancelRequested} then 'cancelled' when ${giveUp} then 'failed' else 'queued' end`,
    runAfter: sql`case when ${giveUp} or ${jobs.cancelRequested} then ${jobs.runAfter} else now() + ${backoffSql} end`,
    error: sql`case when ${giveUp} then ${finalError} else ${error} end`,
    finishedAt: sql`case when ${giveUp} or ${jobs.cancelRequested} then now() else null end`,
    leaseOwner: null,
    leaseExpiresAt: null,
    log: logLine(
      sql`${jobs.log}`,
      sql`case when ${jobs.cancelRequested} then 'cancelled: ' || ${error}
        when ${giveUp} then 'failed: ' || ${finalError}
        else 'attempt ' || ${jobs.attempts} || ' failed: ' || ${error} || '; retrying in ' || extract(epoch from ${backoffSql})::int || ' s' end`,
    ),
  };
}

/**
 * An attempt failed. While attempts remain (and the error is not permanent) the job goes back to
 * the queue with exponential backoff; otherwise it fails with the reason.
 */
export async function failJob(
  db: Queryable,
  id: string,
  workerId: string,
  error: string,
  options: { permanent?: boolean } = {},
): Promise<JobRow | null> {
  const reason = sql`${error}::text`;
  const rows = await db
    .update(jobs)
    .set(retryOrFail(reason, reason, options.permanent ?? false))
    .where(ours(id, workerId))
    .returning();
  return rows[0] ?? null;
}

/** The run stopped because a cancel was requested. */
export async function markCancelled(db: Queryable, id: string, workerId: string): Promise<JobRow | null> {
  const rows = await db
    .update(jobs)
    .set({
      status: "cancelled",
      error: "cancelled by request",
      finishedAt: sql`now()`,
      leaseOwner: null,
      leaseExpiresAt: null,
      log: logLine(sql`${jobs.log}`, sql`'cancelled by request'`),
    })
    .where(ours(id, workerId))
    .returning();
  return rows[0] ?? null;
}

/**
 * The worker is stopping (SIGTERM) and interrupted the run: the job goes straight back to the
 * queue for any worker, and the interrupted attempt does not count against its limit.
 */
export async function handBackJob(db: Queryable, id: string, workerId: string): Promise<JobRow | null> {
  const rows = await db
    .update(jobs)
    .set({
      status: sql`case when ${jobs.cancelRequested} then 'cancelled' else 'queued' end`,
      attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
      runAfter: sql`now()`,
      finishedAt: sql`case when ${jobs.cancelRequested} then now() else null end`,
      leaseOwner: null,
      leaseExpiresAt: null,
      log: logLine(sql`${jobs.log}`, sql`'handed back: the worker is stopping'`),
    })
    .where(ours(id, workerId))
    .returning();
  return rows[0] ?? null;
}

/**
 * Cancel. A queued job is cancelled at once; a running one is flagged, its worker sees the flag on
 * the next heartbeat and aborts the run. Returns the row, or null when it had already ended.
 */
export async function requestCancel(db: Queryable, id: string): Promise<JobRow | null> {
  const queued = sql`${jobs.status} = 'queued'`;
  const rows = await db
    .update(jobs)
    .set({
      status: sql`case when ${queued} then 'cancelled' else ${jobs.status} end`,
      cancelRequested: true,
      finishedAt: sql`case when ${queued} then now() else ${jobs.finishedAt} end`,
      error: sql`case when ${queued} then 'cancelled by request' else ${jobs.error} end`,
      log: logLine(sql`${jobs.log}`, sql`'cancel requested'`),
    })
    .where(and(eq(jobs.id, id), inArray(jobs.status, ["queued", "running"])))
    .returning();
  return rows[0] ?? null;
}

/**
 * Running jobs whose lease ran out: their worker died or hung. Each is retried with backoff or,
 * out of attempts, failed with the reason. Safe to run from every worker at once.
 */
export async function requeueLapsedLeases(db: Queryable): Promise<JobRow[]> {
  const reason = sql`'worker stopped responding (lease expired)'`;
  const final = sql`'worker stopped responding (lease expired) after ' || ${jobs.attempts} || ' attempts'`;
  return db
    .update(jobs)
    .set(retryOrFail(reason, final, false))
    .where(and(eq(jobs.status, "running"), lt(jobs.leaseExpiresAt, sql`now()`)))
    .returning();
}

export interface RecoverOptions {
  /** This machine as written into lease owners by defaultWorkerId() (default machineId()). */
  machine?: string;
  /** The database is this process's alone (embedded PGlite): every running job is stale. */
  exclusive?: boolean;
  /**
   * Jobs leased under this worker's own id count as stale: true at start-up (a fixed id from a
   * previous life), false for the periodic sweep while this worker runs them.
   */
  includeOwn?: boolean;
}

/**
 * Jobs still "running" under a lease nobody can be holding — this worker's own id from a previous
 * life, or a process of this machine that is gone — are resolved now (retry or fail) instead of
 * waiting out their lease. Runs at start-up and with every lapsed-lease sweep. Other machines'
 * jobs are left to their leases.
 */
export async function recoverStaleJobs(
  db: Queryable,
  workerId: string,
  options: RecoverOptions = {},
): Promise<JobRow[]> {
  const machine = options.machine ?? machineId();
  const includeOwn = options.includeOwn ?? true;
  const running = await db
    .select({ id: jobs.id, leaseOwner: jobs.leaseOwner })
    .from(jobs)
    .where(eq(jobs.status, "running"));
  const stale = running
    .filter((j) => {
      if (options.exclusive) return true;
      if (j.leaseOwner === workerId) return includeOwn;
      return deadLocalOwner(j.leaseOwner, machine);
    })
    .map((j) => j.id);
  if (stale.length === 0) return [];
  const reason = sql`'the worker running it stopped (its process is gone)'`;
  const final = sql`'the worker running it stopped (its process is gone), after ' || ${jobs.attempts} || ' attempts'`;
  return db
    .update(jobs)
    .set(retryOrFail(reason, final, false))
    .where(and(inArray(jobs.id, stale), eq(jobs.status, "running")))
    .returning();
}

/** "machine:pid:tag" of this machine whose process no longer exists. */
function deadLocalOwner(owner: string | null, machine: string): boolean {
  if (!owner) return true;
  const match = /^(.*):(\d+):([^:]*)$/.exec(owner);
  if (!match || match[1] !== machine) return false;
  const pid = Number(match[2]);
  // Another worker in this very process (tests start several) is alive by definition.
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: a live process of another user holds that pid; only ESRCH means it is gone.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
