// A worker process for lib/jobs/worker-process.test.ts: the real worker loop with one tiny
// deterministic handler that appends the job id to a file (O_APPEND: lines from two processes
// never interleave) and sleeps a little. Configured by environment:
// DATABASE_URL, OUT_FILE, SLEEP_MS (default 20), POLL_MS (default 100), LEASE_SECONDS and
// SWEEP_MS (lapsed-lease sweep) to make a killed worker's lease run out quickly, WORKER_ID.
import { appendFileSync } from "node:fs";
import { openDb } from "@/db/client";
import { createSecretBox } from "@/lib/secrets";
import { startWorker } from "./worker";

const out = process.env.OUT_FILE as string;
const sleepMs = Number(process.env.SLEEP_MS ?? 20);
const handle = await openDb({ databaseUrl: process.env.DATABASE_URL, migrate: false });
const stopper = new AbortController();
process.on("SIGTERM", () => stopper.abort());
const worker = await startWorker({
  db: handle.db,
  secrets: createSecretBox("x".repeat(32)),
  hostname: "test-host",
  workerId: process.env.WORKER_ID || undefined,
  pollMs: Number(process.env.POLL_MS ?? 100),
  signal: stopper.signal,
  notify: false,
  leaseSeconds: process.env.LEASE_SECONDS ? Number(process.env.LEASE_SECONDS) : undefined,
  heartbeatMs: process.env.LEASE_SECONDS ? 500 : undefined,
  lapseSweepMs: process.env.SWEEP_MS ? Number(process.env.SWEEP_MS) : undefined,
  handlers: {
    check: async (ctx) => {
      appendFileSync(out, `${ctx.job.id}\n`, { flag: "a" });
      if (sleepMs > 0) await new Promise((r) => setTimeout(r, sleepMs));
      return { pid: process.pid };
    },
  },
});
process.stdout.write("ready\n");
await worker.done;
await handle.close();
process.exit(0);
