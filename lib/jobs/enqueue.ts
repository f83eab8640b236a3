// Putting work on the queue: one row per job. Services (run now, restore, verify), the scheduler
// and follow-up jobs (forget after a backup) all come through here.
import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import type { JobKind, Source } from "@/db/schema";
import { jobs } from "@/db/schema";
import type { JobRow } from "./types";

export interface NewJob {
  kind: JobKind;
  params?: Record<string, unknown>;
  policyId?: string | null;
  assetId?: string | null;
  /** The asset's host; only a worker on that host takes the job. */
  host?: string | null;
  source: Source;
  requestedBy?: string | null;
  /** Scheduled runs: with policy, asset and kind, unique; a second insert is a no-op. */
  scheduledFor?: Date | null;
  runAfter?: Date;
  maxAttempts?: number;
}

/** Inserts the job; returns it, or null when a scheduled twin already exists. */
export async function enqueueJob(db: Queryable, job: NewJob): Promise<JobRow | null> {
  const rows = await db
    .insert(jobs)
    .values({
      kind: job.kind,
      params: job.params ?? {},
      policyId: job.policyId ?? null,
      assetId: job.assetId ?? null,
      host: job.host ?? null,
      source: job.source,
      requestedBy: job.requestedBy ?? null,
      scheduledFor: job.scheduledFor ?? null,
      runAfter: job.runAfter ?? sql`now()`,
      maxAttempts: job.maxAttempts ?? 3,
    })
    .onConflictDoNothing()
    .returning();
  return rows[0] ?? null;
}
