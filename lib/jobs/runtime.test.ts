// The whole chain on a real PostgreSQL with the real job kinds: the scheduler turns a due
// policy run into a backup job, a worker (with the lazily loaded kinds of handlers.ts) backs the
// folder up into a repository and records the restore point, then a due drill verifies it.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, policies, policyAssets, restorePoints } from "@/db/schema";
import { createTestPostgres, type TestDatabase } from "@/db/testing";
import { skipWithoutPostgres } from "@/test-support/external";
import {
  createDirectoryAsset,
  createPolicy,
  createRepositoryFixture,
  testSecrets,
  writeTree,
} from "@/test-support/job-kinds";
import { defaultHandlers } from "./handlers";
import { schedulerTick } from "./scheduler";
import { startWorker } from "./worker";

const skip = await skipWithoutPostgres();

describe.skipIf(skip)("scheduler, worker and the real job kinds", () => {
  let t: TestDatabase;
  let work: string;
  beforeAll(async () => {
    t = await createTestPostgres();
    work = await mkdtemp(path.join(os.tmpdir(), "lifeboat-runtime-"));
  });
  afterAll(async () => {
    await t?.destroy();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("a scheduled backup runs to a restore point and a scheduled drill verifies it", async () => {
    const fixture = await createRepositoryFixture(t, work);
    const source = path.join(work, "source");
    await writeTree(source, { "a.txt": "alpha\n", "sub/b.txt": "beta\n".repeat(1000) });
    const asset = await createDirectoryAsset(t, source);
    const policy = await createPolicy(t, fixture.repositoryId);
    const start = new Date(Date.UTC(2031, 0, 1, 0, 0, 30));
    await t.db
      .update(policies)
      .set({ schedule: "* * * * *", drillSchedule: "30 * * * *", createdAt: start })
      .where(eq(policies.id, policy.id));
    await t.db.insert(policyAssets).values({ policyId: policy.id, assetId: asset.id });

    const worker = await startWorker({
      db: t.db,
      secrets: testSecrets,
      hostname: "test-host",
      handlers: defaultHandlers,
      pollMs: 100,
      notify: false,
    });
    try {
      expect((await schedulerTick(t.db, new Date(start.getTime() + 40_000))).queued).toBe(1);
      const backup = await waitForJob(t, policy.id, "backup");
      expect(backup.status, backup.log).toBe("succeeded");
      expect(backup.log).toMatch(/attempt 1 of 3 started[\s\S]*succeeded\n$/);
      const [point] = await t.db.select().from(restorePoints).where(eq(restorePoints.jobId, backup.id));
      expect(point.assetId).toBe(asset.id);
      expect(backup.result).toMatchObject({ restorePointId: point.id, snapshotId: point.snapshotId });

      // The drill at 00:30 (the backup runs were superseded or missed meanwhile: no worker gap).
      const summary = await schedulerTick(t.db, new Date(start.getTime() + 30 * 60_000));
      expect(summary.drills).toBe(1);
      const drill = await waitForJob(t, policy.id, "verify");
      expect(drill.status, drill.log).toBe("succeeded");
      expect(drill.params).toEqual({ restorePointId: point.id });
      const [verified] = await t.db.select().from(restorePoints).where(eq(restorePoints.id, point.id));
      expect(verified.verifiedStatus).toBe("verified");
    } finally {
      await worker.stop();
    }
  });
});

async function waitForJob(t: TestDatabase, policyId: string, kind: "backup" | "verify") {
  const until = Date.now() + 90_000;
  for (;;) {
    const rows = await t.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.policyId, policyId), eq(jobs.kind, kind), eq(jobs.source, "schedule")));
    const ended = rows.find((j) => j.status === "succeeded" || j.status === "failed");
    if (ended || Date.now() > until) {
      if (!ended) throw new Error(`no ${kind} job ended: ${JSON.stringify(rows.map((r) => r.status))}`);
      return ended;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
