// `--wait` for the job commands: follows the job until it ends, progress on stderr, and exits 0
// only if it succeeded. On the embedded database no other process can run the job (the CLI holds
// the PGlite folder), so the CLI runs a worker itself while it waits.
import type { JobRow } from "@/lib/jobs/types";
import type { CliSession } from "../context";
import { humanBytes } from "./config-output";

function describeProgress(job: JobRow): string {
  const files = job.filesTotal ? `${job.filesDone}/${job.filesTotal} files` : `${job.filesDone} files`;
  const bytes = job.bytesTotal
    ? `${humanBytes(job.bytesDone)}/${humanBytes(job.bytesTotal)}`
    : humanBytes(job.bytesDone);
  return `${job.kind} ${job.id.slice(0, 8)} ${job.status}: ${files}, ${bytes}${job.currentPath ? ` ${job.currentPath}` : ""}`;
}

/** Waits for the job; returns the exit code (0 succeeded, 1 anything else). */
export async function waitAndReport(session: CliSession, jobId: string, json: boolean): Promise<number> {
  const { finalStatuses, getJob, waitForJob } = await import("@/lib/services/jobs");
  let stopWorker: (() => Promise<void>) | undefined;
  const ended = finalStatuses.includes((await getJob(session.ctx, jobId)).status);
  if (session.driver === "pglite" && !ended) {
    // The progress lines say what the worker does; its info logs would only repeat them.
    const { logger } = await import("@/lib/logger");
    if (!process.env.LOG_LEVEL) logger.level = "warn";
    const { startJobRuntime } = await import("@/lib/jobs/runtime");
    const { secretsOf } = await import("@/lib/services/context");
    const runtime = await startJobRuntime({
      handle: { db: session.ctx.db, driver: "pglite", close: async () => undefined },
      secrets: secretsOf(session.ctx),
      scheduler: false,
    });
    stopWorker = () => runtime.stop();
  }
  let last = "";
  try {
    const job = await waitForJob(session.ctx, jobId, {
      pollMs: 500,
      onUpdate: (j) => {
        const line = describeProgress(j);
        if (line !== last && !json) process.stderr.write(`${line}\n`);
        last = line;
      },
    });
    if (json) process.stdout.write(`${JSON.stringify(job, null, 2)}\n`);
    else if (job.status === "succeeded") process.stdout.write(`${job.kind} ${job.id} succeeded\n`);
    else
      process.stderr.write(
        `lifeboat: ${job.kind} ${job.id} ${job.status}: ${job.error ?? "no reason given"}\n`,
      );
    return job.status === "succeeded" ? 0 : 1;
  } finally {
    await stopWorker?.();
  }
}

/** After a job is queued: follow it with --wait, print it with --json, or print its id. */
export async function finishQueued(
  session: CliSession,
  job: JobRow,
  flags: { wait?: boolean; json?: boolean },
): Promise<number> {
  if (flags.wait) return waitAndReport(session, job.id, Boolean(flags.json));
  process.stdout.write(flags.json ? `${JSON.stringify(job, null, 2)}\n` : `${job.id}\n`);
  return 0;
}
