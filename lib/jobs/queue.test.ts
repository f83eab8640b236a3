// The queue's transitions against a real PostgreSQL server (and the basic claim on PGlite):
// claim, lapse with backoff up to the limit, cancel of queued and running jobs, recovery of
// stale jobs at start-up, log cap and throttled progress.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "@/db/schema";
import { createTestPglite, createTestPostgres, type TestDatabase } from "@/db/testing";
import { createSecretBox } from "@/lib/secrets";
import { skipWithoutPostgres } from "@/test-support/external";
import { enqueueJob } from "./enqueue";
import { appendJobLog, createProgressWriter, LOG_CAP } from "./job-log";
import {
  backoffSeconds,
  claimNextJob,
  failJob,
  heartbeat,
  recoverStaleJobs,
  requestCancel,
  requeueLapsedLeases,
} from "./queue";
import { startWorker } from "./worker";

const skip = await skipWithoutPostgres();
const secrets = createSecretBox("x".repeat(32));

async function enqueue(db: TestDatabase["db"], job: Parameters<typeof enqueueJob>[1]) {
  const row = await enqueueJob(db, job);
  if (!row) throw new Error("not enqueued");
  return row;
}

async function getJob(t: TestDatabase, id: string) {
  const [row] = await t.db.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

/** Pretends the job's worker died: its lease ran out a moment ago. */
async function expireLease(t: TestDatabase, id: string) {
  await t.db.update(jobs).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(jobs.id, id));
}

/** Makes a backed-off job due now. */
async function makeDue(t: TestDatabase, id: string) {
  await t.db.update(jobs).set({ runAfter: sql`now()` }).where(eq(jobs.id, id));
}

async function waitFor<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("job queue on PGlite", () => {
  it("claims, heartbeats and fails a job", async () => {
    const t = await createTestPglite();
    try {
      const job = await enqueue(t.db, { kind: "check", source: "cli" });
      const claimed = await claimNextJob(t.db, { workerId: "w1", hostname: "h" });
      expect(claimed?.id).toBe(job?.id);
      expect(claimed?.status).toBe("running");
      expect(await claimNextJob(t.db, { workerId: "w2", hostname: "h" })).toBeNull();
      expect(await heartbeat(t.db, job.id, "w1")).toEqual({ owned: true, cancelRequested: false });
      const failed = await failJob(t.db, job.id, "w1", "boom");
      expect(failed?.status).toBe("queued");
      expect(failed?.log).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ attempt 1 of 3 started on w1\n/);
      expect(failed?.log).toContain("attempt 1 failed: boom; retrying in 15 s");
    } finally {
      await t.destroy();
    }
  });
});

describe("worker on PGlite (the embedded shape)", () => {
  it("runs a job to success with its log, progress and result", async () => {
    const t = await createTestPglite();
    try {
      // Left "running" by a previous process: PGlite is this process's alone, so it is stale.
      const stale = await enqueue(t.db, { kind: "verify", source: "cli" });
      await claimNextJob(t.db, { workerId: "earlier-life", hostname: "h" });
      const job = await enqueue(t.db, { kind: "check", source: "cli" });
      const worker = await startWorker({
        db: t.db,
        secrets,
        hostname: "h",
        pollMs: 50,
        notify: false,
        exclusiveDb: true,
        handlers: {
          check: async (ctx) => {
            ctx.log("checking everything");
            ctx.progress({ bytesDone: 10, bytesTotal: 20, filesDone: 1, filesTotal: 2, currentPath: "/a" });
            ctx.progress({ bytesDone: 20, bytesTotal: 20, filesDone: 2, filesTotal: 2, currentPath: "/b" });
            return { ok: 1 };
          },
        },
      });
      const done = await waitFor(
        () => getJob(t, job.id),
        (j) => j.status === "succeeded",
      );
      await worker.stop();
      expect(done.result).toEqual({ ok: 1 });
      expect([done.bytesDone, done.filesDone, done.currentPath]).toEqual([20, 2, "/b"]);
      expect(done.log).toMatch(/Z checking everything\n.*Z succeeded\n$/s);
      expect(done.leaseOwner).toBeNull();
      const resolved = await getJob(t, stale.id);
      expect(resolved.status).toBe("queued");
      expect(resolved.error).toBe("the worker running it stopped (its process is gone)");
    } finally {
      await t.destroy();
    }
  });
});

describe.skipIf(skip)("job queue on PostgreSQL", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestPostgres();
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it("takes only due jobs for its host, oldest first", async () => {
    const later = await enqueue(t.db, {
      kind: "check",
      source: "cli",
      runAfter: new Date(Date.now() + 60_000),
    });
    const elsewhere = await enqueue(t.db, { kind: "check", source: "cli", host: "other" });
    const mine = await enqueue(t.db, { kind: "check", source: "cli", host: "here" });
    const any = await enqueue(t.db, { kind: "check", source: "cli" });
    const first = await claimNextJob(t.db, { workerId: "w", hostname: "here" });
    const second = await claimNextJob(t.db, { workerId: "w", hostname: "here" });
    expect([first?.id, second?.id]).toEqual([mine?.id, any?.id]);
    expect(await claimNextJob(t.db, { workerId: "w", hostname: "here" })).toBeNull();
    expect((await getJob(t, later.id)).status).toBe("queued");
    expect((await getJob(t, elsewhere.id)).status).toBe("queued");
    await t.db.delete(jobs);
  });

  it("retries a job whose worker died with backoff, then fails it with the reason", async () => {
    const job = await enqueue(t.db, { kind: "backup", source: "cli", maxAttempts: 3 });
    for (let attempt = 1; attempt <= 3; attempt++) {
      const claimed = await claimNextJob(t.db, { workerId: `dead-${attempt}`, hostname: "h" });
      expect(claimed?.id).toBe(job.id);
      expect(claimed?.attempts).toBe(attempt);
      // Each attempt's progress starts from zero.
      expect([claimed?.bytesDone, claimed?.currentPath]).toEqual([0, null]);
      await t.db.update(jobs).set({ bytesDone: 99, currentPath: "/x" }).where(eq(jobs.id, job.id));
      await expireLease(t, job.id);
      const [swept] = await requeueLapsedLeases(t.db);
      expect(swept?.id).toBe(job.id);
      if (attempt < 3) {
        expect(swept.status).toBe("queued");
        const delay = (new Date(swept.runAfter).getTime() - Date.now()) / 1000;
        expect(delay).toBeGreaterThan(backoffSeconds(attempt) - 5);
        expect(delay).toBeLessThanOrEqual(backoffSeconds(attempt) + 1);
        // Backed off: not claimable yet.
        expect(await claimNextJob(t.db, { workerId: "x", hostname: "h" })).toBeNull();
        await makeDue(t, job.id);
      } else {
        expect(swept.status).toBe("failed");
        expect(swept.error).toBe("worker stopped responding (lease expired) after 3 attempts");
        expect(swept.finishedAt).not.toBeNull();
      }
    }
    // The dead worker waking up can no longer touch the job.
    expect(await heartbeat(t.db, job.id, "dead-3")).toEqual({ owned: false, cancelRequested: false });
    expect(await failJob(t.db, job.id, "dead-3", "late")).toBeNull();
    expect([backoffSeconds(1), backoffSeconds(2), backoffSeconds(3)]).toEqual([15, 60, 240]);
  });

  it("cancels a queued job at once and a running one through its signal", async () => {
    const queued = await enqueue(t.db, { kind: "check", source: "cli", host: "nobody" });
    expect((await requestCancel(t.db, queued.id))?.status).toBe("cancelled");

    const running = await enqueue(t.db, { kind: "backup", source: "cli" });
    let sawAbort = false;
    const worker = await startWorker({
      db: t.db,
      secrets,
      hostname: "h",
      pollMs: 50,
      heartbeatMs: 100,
      notify: false,
      handlers: {
        backup: (ctx) =>
          new Promise((_, reject) => {
            ctx.signal.addEventListener("abort", () => {
              sawAbort = true;
              reject(ctx.signal.reason);
            });
          }),
      },
    });
    try {
      await waitFor(
        () => getJob(t, running.id),
        (j) => j.status === "running",
      );
      expect((await requestCancel(t.db, running.id))?.status).toBe("running");
      const ended = await waitFor(
        () => getJob(t, running.id),
        (j) => j.status !== "running",
      );
      expect(ended.status).toBe("cancelled");
      expect(ended.finishedAt).not.toBeNull();
      expect(sawAbort).toBe(true);
      expect(await requestCancel(t.db, running.id)).toBeNull();
    } finally {
      await worker.stop();
    }
  });

  it("resolves jobs of dead worker processes of this machine, never live ones", async () => {
    const mine = await enqueue(t.db, { kind: "check", source: "cli", maxAttempts: 1 });
    const deadPid = await enqueue(t.db, { kind: "check", source: "cli" });
    const otherHost = await enqueue(t.db, { kind: "check", source: "cli" });
    const liveHere = await enqueue(t.db, { kind: "check", source: "cli" });
    const liveParent = await enqueue(t.db, { kind: "check", source: "cli" });
    await claimNextJob(t.db, { workerId: "stable-id", hostname: "h" });
    // pid 2^22+1 is above Linux's pid_max: certainly not alive.
    await claimNextJob(t.db, { workerId: "thishost:4194305:ab", hostname: "h" });
    // The same pid in another container (another pid namespace, same host name) is not ours.
    await claimNextJob(t.db, { workerId: "elsewhere:4194305:ab", hostname: "h" });
    await claimNextJob(t.db, { workerId: `thishost:${process.pid}:other`, hostname: "h" });
    await claimNextJob(t.db, { workerId: `thishost:${process.ppid}:parent`, hostname: "h" });

    // The periodic sweep: only the dead process's job; this worker's own job is running.
    const swept = await recoverStaleJobs(t.db, "stable-id", { machine: "thishost", includeOwn: false });
    expect(swept.map((j) => j.id)).toEqual([deadPid.id]);
    expect((await getJob(t, deadPid.id)).status).toBe("queued");
    expect((await getJob(t, deadPid.id)).error).toBe("the worker running it stopped (its process is gone)");

    // At start-up the worker's own (fixed) id cannot be running anything yet: stale too.
    const resolved = await recoverStaleJobs(t.db, "stable-id", { machine: "thishost" });
    expect(resolved.map((j) => j.id)).toEqual([mine.id]);
    expect((await getJob(t, mine.id)).status).toBe("failed");
    expect((await getJob(t, mine.id)).error).toBe(
      "the worker running it stopped (its process is gone), after 1 attempts",
    );
    for (const live of [otherHost, liveHere, liveParent])
      expect((await getJob(t, live.id)).status).toBe("running");
    // The embedded shape owns its database: everything running is stale.
    const all = await recoverStaleJobs(t.db, "new", { exclusive: true });
    expect(all.map((j) => j.id).sort()).toEqual([otherHost.id, liveHere.id, liveParent.id].sort());
    await t.db.delete(jobs);
  });

  it("a stopping worker hands its job back without burning an attempt", async () => {
    const job = await enqueue(t.db, { kind: "backup", source: "cli" });
    const worker = await startWorker({
      db: t.db,
      secrets,
      hostname: "h",
      pollMs: 50,
      notify: false,
      handlers: {
        backup: (ctx) =>
          new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason))),
      },
    });
    await waitFor(
      () => getJob(t, job.id),
      (j) => j.status === "running",
    );
    await worker.stop();
    const back = await getJob(t, job.id);
    expect(back.status).toBe("queued");
    expect(back.attempts).toBe(0);
    expect(back.leaseOwner).toBeNull();
    expect(back.log).toContain("handed back");
    await t.db.delete(jobs);
  });

  it("keeps the newest whole lines of a long log and throttles progress writes", async () => {
    const job = await enqueue(t.db, { kind: "check", source: "cli" });
    const line = "y".repeat(1000);
    for (let i = 0; i < 300; i++) await appendJobLog(t.db, job.id, `${i} ${line}`);
    const { log } = await getJob(t, job.id);
    expect(log.length).toBeLessThanOrEqual(LOG_CAP);
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT[\d:]+Z \d+ y+\n/);
    expect(log.trimEnd().split("\n").at(-1)).toContain(`299 ${line}`);

    let writes = 0;
    const counting = {
      ...t.db,
      update: (table: typeof jobs) => {
        writes++;
        return t.db.update(table);
      },
    } as unknown as typeof t.db;
    const writer = createProgressWriter(counting, job.id, { intervalMs: 200 });
    const started = Date.now();
    while (Date.now() - started < 1000) {
      writer.update({ bytesDone: Date.now() - started, filesDone: 1 });
      await new Promise((r) => setTimeout(r, 5));
    }
    writer.update({ bytesDone: 123_456, filesDone: 7, currentPath: "/last" });
    await writer.flush();
    expect(writes).toBeGreaterThanOrEqual(3);
    expect(writes).toBeLessThanOrEqual(8);
    const row = await getJob(t, job.id);
    expect([row.bytesDone, row.filesDone, row.currentPath]).toEqual([123_456, 7, "/last"]);
  });
});
