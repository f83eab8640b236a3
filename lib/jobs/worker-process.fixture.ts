// A worker process for lib/jobs/worker-process.test.ts: the real worker loop with one tiny
// deterministic handler that appends the job id to a file (O_APPEND: lines from two processes
// never interleave) and sleeps a little. Configured by environment:
// DATABASE_URL, OUT_FILE, SLEEP_MS (default 20), POLL_MS (default 100).
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
  pollMs: Number(process.env.POLL_MS ?? 100),
  signal: stopper.signal,
  notify: false,
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
