// The contract between the worker loop (lib/jobs/worker.ts) and the job kinds
// (lib/jobs/kinds/<kind>.ts): the worker claims a row, builds a JobRunContext and calls the
// kind's handler; the handler does the work and returns what the run produced.
import type { Db } from "@/db/client";
import type { JobKind, jobs } from "@/db/schema";
import type { Progress } from "@/lib/engine";
import type { SecretBox } from "@/lib/secrets";

export type JobRow = typeof jobs.$inferSelect;

export interface JobRunContext {
  db: Db;
  job: JobRow;
  /** Aborted when the job is cancelled, its lease is lost, or the worker stops. */
  signal: AbortSignal;
  secrets: SecretBox;
  /** The host name this worker runs on (assets bound to a host only run there). */
  hostname: string;
  /** Progress for the dashboard; the worker writes it at most about once a second. */
  progress(p: Progress): void;
  /** One line for the job's readable log (timestamped by the worker). */
  log(line: string): void;
}

/** Stored as the job's `result` (snapshot id, bytes read and added, duration, …). */
export type JobResult = Record<string, unknown>;

export type JobHandler = (ctx: JobRunContext) => Promise<JobResult | undefined>;

export type JobHandlers = Record<JobKind, JobHandler>;

/**
 * An error a retry cannot fix (wrong password, missing restore point, bad parameters): the job
 * fails at once instead of burning its attempts.
 */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}
