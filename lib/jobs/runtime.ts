// Everything that runs jobs in one process: the worker (with every job kind) and the scheduler.
// The web process starts it from instrumentation.ts (embedded shape); `lifeboat worker` starts it
// on any host (scaled shape). Both stop it the same way: the running job is finished or handed
// back, then the scheduler's tick in flight ends.
import os from "node:os";
import type { DbHandle } from "@/db/client";
import { logger } from "@/lib/logger";
import type { SecretBox } from "@/lib/secrets";
import { defaultHandlers } from "./handlers";
import { type SchedulerHandle, startScheduler } from "./scheduler";
import { startWorker, type WorkerHandle } from "./worker";

export interface JobRuntimeOptions {
  handle: DbHandle;
  secrets: SecretBox;
  /** The host whose assets this worker can reach (default: this machine's name). */
  hostname?: string;
  concurrency?: number;
  /** Also run the scheduler (safe to run in every process; default true). */
  scheduler?: boolean;
  pollMs?: number;
}

export interface JobRuntime {
  worker: WorkerHandle;
  scheduler: SchedulerHandle | null;
  stop(): Promise<void>;
}

export async function startJobRuntime(options: JobRuntimeOptions): Promise<JobRuntime> {
  const hostname = options.hostname ?? os.hostname();
  const worker = await startWorker({
    db: options.handle.db,
    secrets: options.secrets,
    hostname,
    handlers: defaultHandlers,
    concurrency: options.concurrency,
    pollMs: options.pollMs,
    // PGlite is opened by one process only: whatever is "running" in it was this process's
    // predecessor's, so it is resolved at once instead of after its lease.
    exclusiveDb: options.handle.driver === "pglite",
  });
  const scheduler = options.scheduler === false ? null : startScheduler({ db: options.handle.db });
  logger.info(
    {
      workerId: worker.workerId,
      hostname,
      concurrency: options.concurrency ?? 1,
      scheduler: Boolean(scheduler),
    },
    "job worker started",
  );
  return {
    worker,
    scheduler,
    async stop() {
      await Promise.all([worker.stop(), scheduler?.stop()]);
    },
  };
}
