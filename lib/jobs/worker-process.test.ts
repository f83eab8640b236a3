// Worker processes against a real PostgreSQL: two processes drain 50 queued jobs with none run
// twice, and `lifeboat worker` stops cleanly (exit 0) on SIGTERM. Set WORKER_BENCH_JOBS to
// measure claim throughput with trivial jobs instead (SLEEP_MS=0).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "@/db/schema";
import { createTestPostgres, type TestDatabase } from "@/db/testing";
import { skipWithoutPostgres } from "@/test-support/external";

const skip = await skipWithoutPostgres();
const ROOT = path.resolve(import.meta.dirname, "../..");
const JOBS = Number(process.env.WORKER_BENCH_JOBS ?? 50);
const SLEEP_MS = process.env.WORKER_BENCH_JOBS ? "0" : "20";

function spawnNode(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Resolves when the child writes `text` to stdout or stderr. */
function waitForOutput(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited ${code} before "${text}":\n${seen}`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe.skipIf(skip)("worker processes", () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestPostgres();
    dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-workers-"));
  });
  afterAll(async () => {
    await t?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`two worker processes drain ${JOBS} queued jobs, none run twice`, async () => {
    const out = path.join(dir, "ran.txt");
    const env = { DATABASE_URL: t.location.databaseUrl as string, OUT_FILE: out, SLEEP_MS, POLL_MS: "100" };
    const workers = [0, 1].map(() => spawnNode(["lib/jobs/worker-process.fixture.ts"], env));
    try {
      await Promise.all(workers.map((w) => waitForOutput(w, "ready")));
      const started = Date.now();
      const rows = await t.db
        .insert(jobs)
        .values(Array.from({ length: JOBS }, () => ({ kind: "check" as const, source: "cli" as const })))
        .returning({ id: jobs.id });
      const done = async () =>
        Number((await t.db.select({ n: count() }).from(jobs).where(eq(jobs.status, "succeeded")))[0]?.n ?? 0);
      while ((await done()) < JOBS && Date.now() - started < 90_000)
        await new Promise((r) => setTimeout(r, 50));
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `${JOBS} jobs, 2 worker processes, ${SLEEP_MS} ms each: ${seconds.toFixed(2)} s, ${(JOBS / seconds).toFixed(0)} jobs/s`,
      );
      for (const w of workers) w.kill("SIGTERM");
      expect(await Promise.all(workers.map(exitCode))).toEqual([0, 0]);

      const lines = (await readFile(out, "utf8")).trim().split("\n");
      expect(lines.length).toBe(JOBS);
      expect(new Set(lines).size).toBe(JOBS);
      expect(new Set(lines)).toEqual(new Set(rows.map((r) => r.id)));
      const all = await t.db.select().from(jobs);
      expect(all.every((j) => j.status === "succeeded" && j.attempts === 1)).toBe(true);
      // Both processes took part.
      expect(new Set(all.map((j) => (j.result as { pid: number }).pid)).size).toBe(2);
    } finally {
      for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
    }
  });

  // Two ways a killed worker's job comes back. From another machine nobody can tell the worker
  // died, so its lease (2 s here, 30 s normally) has to run out first. On the same machine the
  // other worker's sweep sees the process is gone and does not wait for the lease (30 s here).
  it.each([
    {
      how: "another machine: its lease lapses",
      doomed: { LEASE_SECONDS: "2", WORKER_ID: "another-machine:1:doomed" } as Record<string, string>,
      reason: "worker stopped responding (lease expired)",
    },
    {
      how: "this machine: its process is seen gone before the lease lapses",
      doomed: {} as Record<string, string>,
      reason: "the worker running it stopped (its process is gone)",
    },
  ])(
    "a worker killed mid-job on $how, and another worker retries the job",
    async ({ doomed: extra, reason }) => {
      await t.db.delete(jobs);
      const out = path.join(dir, `killed-${extra.WORKER_ID ? "remote" : "local"}.txt`);
      const base = { DATABASE_URL: t.location.databaseUrl as string, OUT_FILE: out };
      const doomed = spawnNode(["lib/jobs/worker-process.fixture.ts"], {
        ...base,
        ...extra,
        SLEEP_MS: "60000",
      });
      let rescuer: ChildProcess | undefined;
      try {
        await waitForOutput(doomed, "ready");
        const [job] = await t.db.insert(jobs).values({ kind: "check", source: "cli" }).returning();
        const until = Date.now() + 30_000;
        while (!(await readFile(out, "utf8").catch(() => "")).includes(job.id) && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 50));
        }
        // The rescuer is already running when the other one dies.
        rescuer = spawnNode(["lib/jobs/worker-process.fixture.ts"], {
          ...base,
          SLEEP_MS: "0",
          SWEEP_MS: "500",
        });
        await waitForOutput(rescuer, "ready");
        doomed.kill("SIGKILL");
        await exitCode(doomed);
        const killedAt = Date.now();
        // Noticed (lease or sweep), then the first retry's backoff (15 s).
        let row = job;
        const deadline = Date.now() + 60_000;
        while (row.status !== "succeeded" && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 200));
          [row] = await t.db.select().from(jobs).where(eq(jobs.id, job.id));
        }
        expect(row.status).toBe("succeeded");
        expect(Date.now() - killedAt).toBeLessThan(28_000);
        expect(row.attempts).toBe(2);
        expect(row.log).toContain(`attempt 1 failed: ${reason}; retrying in 15 s`);
        expect((await readFile(out, "utf8")).trim().split("\n")).toEqual([job.id, job.id]);
        rescuer.kill("SIGTERM");
        expect(await exitCode(rescuer)).toBe(0);
      } finally {
        if (doomed.exitCode === null) doomed.kill("SIGKILL");
        if (rescuer && rescuer.exitCode === null) rescuer.kill("SIGKILL");
      }
    },
  );

  it("`lifeboat worker` runs until SIGTERM and exits 0", async () => {
    await t.db.delete(jobs);
    const child = spawnNode(["bin/lifeboat.ts", "worker", "--concurrency", "2"], {
      DATABASE_URL: t.location.databaseUrl as string,
      LIFEBOAT_SECRET: "s".repeat(32),
      LOG_LEVEL: "info",
    });
    try {
      await waitForOutput(child, "job worker started");
      child.kill("SIGTERM");
      expect(await exitCode(child)).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
