// The worker loop: claim a job, run its kind's handler with a heartbeat and an AbortSignal, end
// the job. The signal fires when the job is cancelled, when the lease is lost (this worker was
// too slow to heartbeat and another may have the job now), or when the worker stops; a stopping
// worker hands its job back to the queue without burning an attempt. Several slots
// (concurrency) each run one job at a time. The same loop runs embedded in the web process and
// under `lifeboat worker`.
import type { Db } from "@/db/client";
import type { JobKind } from "@/db/schema";
import type { Progress } from "@/lib/engine";
import { logger } from "@/lib/logger";
import type { SecretBox } from "@/lib/secrets";
import { appendJobLog, createProgressWriter } from "./job-log";
import { type DeliveryOptions, notifyJobEnded } from "./notify";
import {
  claimNextJob,
  completeJob,
  defaultWorkerId,
  failJob,
  handBackJob,
  heartbeat,
  LEASE_SECONDS,
  markCancelled,
  recoverStaleJobs,
  requeueLapsedLeases,
} from "./queue";
import { type JobHandler, type JobRow, PermanentJobError } from "./types";

export interface WorkerOptions {
  db: Db;
  secrets: SecretBox;
  /** Host this worker serves: it takes jobs bound to this host and unbound ones. */
  hostname: string;
  workerId?: string;
  handlers: Partial<Record<JobKind, JobHandler>>;
  /** Idle wait between claims when the queue is empty. */
  pollMs?: number;
  heartbeatMs?: number;
  /** Lease length (default 30 s; heartbeats renew it every heartbeatMs). */
  leaseSeconds?: number;
  /** How often this worker sweeps lapsed leases (any worker's). */
  lapseSweepMs?: number;
  concurrency?: number;
  /** Aborting it stops the worker (as stop() does). */
  signal?: AbortSignal;
  /** The database belongs to this process alone (PGlite): every running job at start is stale. */
  exclusiveDb?: boolean;
  notify?: DeliveryOptions | false;
}

export interface WorkerHandle {
  workerId: string;
  /** Interrupts running jobs, hands them back, waits for the slots to end. */
  stop(): Promise<void>;
  /** Settles when the worker has stopped. */
  done: Promise<void>;
}

const STOPPING = "worker stopping";
const CANCELLED = "cancelled";
const LEASE_LOST = "lease lost";

type Outcome = { ok: true; result: Record<string, unknown> | undefined } | { ok: false; error: unknown };
type Log = typeof logger;

/**
 * Renews the job's lease every heartbeatMs; aborts the run when the job was cancelled or the
 * lease was lost (another worker may own the job now). Returns the function that stops it.
 */
function keepLease(options: WorkerOptions, workerId: string, job: JobRow, abort: AbortController, log: Log) {
  let lastRenewal = Date.now();
  let beating = false;
  const beat = setInterval(async () => {
    // A slow database must not stack heartbeats up; the next tick tries again.
    if (beating || abort.signal.aborted) return;
    beating = true;
    try {
      const state = await heartbeat(options.db, job.id, workerId, options.leaseSeconds);
      lastRenewal = Date.now();
      if (!state.owned) abort.abort(new Error(LEASE_LOST));
      else if (state.cancelRequested) abort.abort(new Error(CANCELLED));
    } catch (error) {
      log.warn({ err: error, jobId: job.id }, "heartbeat failed");
      // Unrenewed past the lease: someone else may own the job now; stop touching it.
      if (Date.now() - lastRenewal > (options.leaseSeconds ?? LEASE_SECONDS) * 1000)
        abort.abort(new Error(LEASE_LOST));
    } finally {
      beating = false;
    }
  }, options.heartbeatMs ?? 10_000);
  return () => clearInterval(beat);
}

/** The job's readable log: lines written in order, one at a time, without making the handler wait. */
function jobLogWriter(db: Db, jobId: string, log: Log) {
  let chain = Promise.resolve();
  return {
    write(line: string) {
      chain = chain
        .then(() => appendJobLog(db, jobId, line))
        .catch((error) => log.warn({ err: error, jobId }, "job log write failed"));
    },
    flushed: () => chain,
  };
}

/** Runs the kind's handler with the run context; errors become the outcome, never a throw. */
async function runHandler(
  options: WorkerOptions,
  job: JobRow,
  signal: AbortSignal,
  progress: (p: Progress) => void,
  writeLog: (line: string) => void,
): Promise<Outcome> {
  try {
    const handler = options.handlers[job.kind];
    if (!handler) throw new PermanentJobError(`this worker has no handler for ${job.kind} jobs`);
    const result = await handler({
      db: options.db,
      job,
      signal,
      secrets: options.secrets,
      hostname: options.hostname,
      progress,
      log: writeLog,
    });
    return { ok: true, result: result ?? undefined };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Ends the job as its outcome and the abort reason say: done (kept even when a stop or cancel
 * came too late), cancelled, handed back (the worker stops), or failed. Undefined when the lease
 * was lost: the job is no longer this worker's to end.
 */
async function endJob(
  db: Db,
  job: JobRow,
  workerId: string,
  outcome: Outcome,
  why: string | null,
): Promise<JobRow | null | undefined> {
  if (why === LEASE_LOST) return undefined;
  if (outcome.ok) {
    // A kind may have ended the job itself, in the transaction that saved its output.
    return (
      (await completeJob(db, job.id, workerId, outcome.result)) ??
      (await db.query.jobs.findFirst({ where: (j, { eq }) => eq(j.id, job.id) })) ??
      null
    );
  }
  if (why === CANCELLED) return markCancelled(db, job.id, workerId);
  if (why === STOPPING) return handBackJob(db, job.id, workerId);
  const error = outcome.error;
  const message = error instanceof Error ? error.message : String(error);
  return failJob(db, job.id, workerId, message, { permanent: error instanceof PermanentJobError });
}

/** An AbortSignal's sleep: resolves after `ms`, or at once when `signal` aborts. */
function sleepUnless(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const { db } = options;
  const workerId = options.workerId ?? defaultWorkerId();
  const pollMs = options.pollMs ?? 1000;
  const kinds = Object.keys(options.handlers) as JobKind[];
  const stopper = new AbortController();
  const notifications = new Set<Promise<void>>();
  const log = logger.child({ workerId });
  const sleep = (ms: number) => sleepUnless(stopper.signal, ms);

  const ended = (job: JobRow | null) => {
    if (!job || options.notify === false) return;
    const p = notifyJobEnded(db, job, options.notify || {}).finally(() => notifications.delete(p));
    notifications.add(p);
  };

  for (const job of await recoverStaleJobs(db, workerId, { exclusive: options.exclusiveDb })) {
    log.warn({ jobId: job.id, status: job.status }, "resolved a job left running by a previous worker");
    ended(job);
  }

  async function runJob(job: JobRow): Promise<void> {
    const abort = new AbortController();
    const onStop = () => abort.abort(new Error(STOPPING));
    stopper.signal.addEventListener("abort", onStop, { once: true });
    const stopBeating = keepLease(options, workerId, job, abort, log);
    const progress = createProgressWriter(db, job.id, {
      onError: (error) => log.warn({ err: error, jobId: job.id }, "progress write failed"),
    });
    const jobLog = jobLogWriter(db, job.id, log);
    const started = Date.now();
    log.info({ jobId: job.id, kind: job.kind, attempt: job.attempts }, "job started");
    const outcome = await runHandler(options, job, abort.signal, (p) => progress.update(p), jobLog.write);
    stopBeating();
    stopper.signal.removeEventListener("abort", onStop);
    await progress.flush();
    await jobLog.flushed();
    const why = abort.signal.aborted ? (abort.signal.reason as Error).message : null;
    const row = await endJob(db, job, workerId, outcome, why);
    if (row === undefined) {
      // The job is no longer ours: the lapse sweep or another worker decides what happens to it.
      log.warn({ jobId: job.id }, "lease lost; left the job to the queue");
      return;
    }
    log.info({ jobId: job.id, status: row?.status ?? "lost", ms: Date.now() - started }, "job ended");
    ended(row);
  }

  async function slot(): Promise<void> {
    while (!stopper.signal.aborted) {
      let job: JobRow | null = null;
      try {
        job = await claimNextJob(db, {
          workerId,
          hostname: options.hostname,
          kinds,
          leaseSeconds: options.leaseSeconds,
        });
      } catch (error) {
        log.warn({ err: error }, "claiming a job failed; retrying");
      }
      if (job) {
        try {
          await runJob(job);
        } catch (error) {
          // The database failed while ending the job; its lease will lapse and it is retried.
          log.error({ err: error, jobId: job.id }, "could not record the end of a job");
        }
      } else {
        await sleep(pollMs);
      }
    }
  }

  async function sweeper(): Promise<void> {
    while (!stopper.signal.aborted) {
      try {
        for (const job of await requeueLapsedLeases(db)) {
          log.warn({ jobId: job.id, status: job.status }, "job lease lapsed");
          ended(job);
        }
        // A killed worker of this machine is known dead now, not only when its lease runs out.
        for (const job of await recoverStaleJobs(db, workerId, { includeOwn: false })) {
          log.warn({ jobId: job.id, status: job.status }, "resolved a job of a worker process that is gone");
          ended(job);
        }
      } catch (error) {
        log.warn({ err: error }, "lapsed-lease sweep failed");
      }
      await sleep(options.lapseSweepMs ?? 15_000);
    }
  }

  const slots = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () => slot());
  const done = Promise.all([...slots, sweeper()]).then(async () => {
    // Deliveries already under way get a short grace; webhooks never hold a stop for long.
    await Promise.race([Promise.all(notifications), new Promise((r) => setTimeout(r, 5000).unref())]);
  });
  const stop = async () => {
    stopper.abort();
    await done;
  };
  if (options.signal) {
    if (options.signal.aborted) stopper.abort();
    else options.signal.addEventListener("abort", () => stopper.abort(), { once: true });
  }
  log.info({ hostname: options.hostname, kinds, concurrency: slots.length }, "worker started");
  return { workerId, stop, done };
}
