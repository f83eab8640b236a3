// A recovery's second stage (folders after databases): a restore with `after` waits for those
// restores to end, refuses to start when one did not succeed, and stops waiting when cancelled.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "@/db/schema";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { runKind } from "@/test-support/job-kinds";
import { PermanentJobError } from "../types";
import { runRestoreJob } from "./restore";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestPglite();
});
afterAll(async () => {
  await t?.destroy();
});

async function earlier(status: "running" | "queued") {
  const job = await enqueueJob(t.db, {
    kind: "restore",
    params: { target: "orders_restored" },
    source: "cli",
  });
  await t.db
    .update(jobs)
    .set({ status })
    .where(eq(jobs.id, job?.id as string));
  return job?.id as string;
}
// A drizzle query runs when awaited (then), not when built.
const end = (id: string, status: "succeeded" | "failed") =>
  setTimeout(
    () =>
      t.db
        .update(jobs)
        .set({ status })
        .where(eq(jobs.id, id))
        .then(() => undefined),
    1200,
  );

describe("restore after an earlier stage", () => {
  it("waits, then refuses when the earlier restore failed", async () => {
    const first = await earlier("running");
    end(first, "failed");
    const started = Date.now();
    const run = await runKind(t, runRestoreJob, {
      kind: "restore",
      params: { restorePointId: randomUUID(), target: "/tmp/x", after: [first] },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(run.error).toBeInstanceOf(PermanentJobError);
    expect(run.error?.message).toMatch(/not started: .*orders_restored \(failed\)/);
    expect(run.log.join("\n")).toMatch(/waiting for 1 earlier restore/);
  });

  it("goes on once the earlier restore succeeded", async () => {
    const first = await earlier("queued");
    end(first, "succeeded");
    const run = await runKind(t, runRestoreJob, {
      kind: "restore",
      params: { restorePointId: randomUUID(), target: "/tmp/x", after: [first] },
    });
    // Past the wait: the next thing it checks is the (missing) restore point.
    expect(run.error?.message).toMatch(/restore point .* does not exist/);
  });

  it("stops waiting when cancelled", async () => {
    const first = await earlier("running");
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const run = await runKind(
      t,
      runRestoreJob,
      { kind: "restore", params: { restorePointId: randomUUID(), target: "/tmp/x", after: [first] } },
      { signal: abort.signal },
    );
    expect(run.error?.name).toBe("AbortError");
  });
});
