// `--wait` for the job commands: follows the job until it ends, progress on stderr, and exits 0
// only if it succeeded. Who runs the job: with the embedded database opened by the CLI itself (no
// server running) no other process can, so the CLI runs a worker while it waits; through the
// running server's socket, the server's worker does; on PostgreSQL, any `lifeboat worker` or web
// process with the embedded worker. When no live worker can take the job, it says so at once
// (and again if the last one goes away while the job is still queued) instead of waiting forever.
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
  const orphaned = new AbortController();
  let nextWorkerCheck = 0;
  let orphanReason = "";
  try {
    const job = await waitForJob(session.ctx, jobId, {
      pollMs: 500,
      signal: orphaned.signal,
      onUpdate: (j) => {
        const line = describeProgress(j);
        if (line !== last && !json) process.stderr.write(`${line}\n`);
        last = line;
        if (stopWorker || j.status !== "queued" || Date.now() < nextWorkerCheck) return;
        nextWorkerCheck = Date.now() + WORKER_CHECK_MS;
        void noWorkerFor(session, j).then((reason) => {
          if (reason) {
            orphanReason = reason;
            orphaned.abort();
          }
        });
      },
    }).catch((error) => {
      if (!orphanReason) throw error;
      return null;
    });
    if (!job) {
      process.stderr.write(`lifeboat: ${orphanReason}\n`);
      return 1;
    }
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

/** How often a queued job's wait looks again for a live worker. */
const WORKER_CHECK_MS = 10_000;

/** Why no live worker can take `job` now, naming the command that starts one; null when one can. */
async function noWorkerFor(session: CliSession, job: JobRow): Promise<string | null> {
  const { liveWorkerHosts } = await import("@/db/owner");
  const hosts = await liveWorkerHosts({
    db: session.ctx.db,
    driver: session.driver,
    viaSocket: session.viaSocket,
  });
  if (hosts === null || hosts.some((h) => !job.host || h === job.host)) return null;
  const where = job.host ? ` for host ${job.host}` : "";
  const start = `npm run lifeboat -- worker${job.host ? ` --host ${job.host}` : ""}`;
  const running = hosts.length ? ` (workers are running for ${hosts.join(", ")})` : "";
  return (
    `no worker is running that can take ${job.kind} job ${job.id}${where}${running}; ` +
    `it stays queued. Start one with \`${start}\`, then follow the job with \`npm run lifeboat -- job wait ${job.id}\``
  );
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
