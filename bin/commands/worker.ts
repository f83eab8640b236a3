// `lifeboat worker [--host H] [--concurrency N] [--no-scheduler]`: runs jobs (and the scheduler)
// until SIGTERM or SIGINT, then finishes or hands back the job in hand and exits 0. Any number of
// workers may run against one PostgreSQL; a worker bound to --host H also takes that host's jobs.
import os from "node:os";
import { parseArgs } from "node:util";
import type { Command } from "./types";

const usage =
  "Usage: npm run lifeboat -- worker [--host H] [--concurrency N] [--no-scheduler]\n" +
  "  --host H          take jobs of assets on host H (default: this machine's name) and unbound ones\n" +
  "  --concurrency N   jobs at once (default 1)\n" +
  "  --no-scheduler    only run jobs; leave scheduling to other processes\n" +
  "Stops on SIGTERM/SIGINT: the current job finishes or goes back to the queue.\n";

const worker: Command = {
  name: "worker",
  summary: "run queued jobs and the scheduler until stopped (SIGTERM hands the current job back)",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        host: { type: "string" },
        concurrency: { type: "string" },
        "no-scheduler": { type: "boolean" },
        "poll-ms": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      process.stdout.write(usage);
      return 0;
    }
    const concurrency = Number(values.concurrency ?? 1);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      process.stderr.write(`lifeboat: --concurrency must be a whole number from 1 to 64\n${usage}`);
      return 2;
    }
    const { openSharedDb, serveEmbeddedDb } = await import("@/db/owner");
    const { env } = await import("@/lib/env");
    const { createSecretBox } = await import("@/lib/secrets");
    const { startJobRuntime } = await import("@/lib/jobs/runtime");
    const { logger } = await import("@/lib/logger");
    const config = env();
    const workerHost = values.host ?? os.hostname();
    const handle = await openSharedDb({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.LIFEBOAT_DATA_DIR,
      workerHost,
    });
    // On embedded defaults this worker owns the database: other commands reach it through it.
    const socket = await serveEmbeddedDb(handle, config.LIFEBOAT_DATA_DIR, {
      workerHost,
      onError: (error) => logger.warn({ err: error }, "a database socket client failed"),
    });
    // Signals are caught from here on, so one that arrives while starting still stops cleanly.
    const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
      let seen = false;
      const onSignal = (signal: NodeJS.Signals) => {
        if (seen) {
          // A second signal: the operator wants out now; the job's lease lapses and it is retried.
          logger.warn({ signal }, "second signal: exiting without waiting");
          process.exit(1);
        }
        seen = true;
        resolve(signal);
      };
      process.on("SIGTERM", onSignal);
      process.on("SIGINT", onSignal);
    });
    try {
      const runtime = await startJobRuntime({
        handle,
        secrets: createSecretBox(config.LIFEBOAT_SECRET),
        hostname: values.host,
        concurrency,
        scheduler: !values["no-scheduler"],
        pollMs: values["poll-ms"] ? Number(values["poll-ms"]) : undefined,
      });
      const signal = await stopRequested;
      logger.info({ signal }, "stopping: finishing or handing back the current job");
      await runtime.stop();
      logger.info("worker stopped");
      return 0;
    } finally {
      await socket?.close();
      await handle.close();
    }
  },
};

export default worker;
