import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, auditEvents, jobs, policyAssets, restorePoints } from "@/db/schema";
import { type TestDatabase, testDatabaseKinds } from "@/db/testing";
import type { Role } from "@/lib/auth/roles";
import { testContext } from "@/lib/auth/testing";
import { runBackupJob } from "@/lib/jobs/kinds/backup";
import { skipWithoutPostgres } from "@/test-support/external";
import {
  createDirectoryAsset,
  createPolicy,
  createPostgresAsset,
  createRepositoryFixture,
  type KindsFixture,
  runKind,
  testSecrets,
  writeTree,
} from "@/test-support/job-kinds";
import { cancelJob, getJob, listJobs, runBackupNow, startRestore, startVerify, waitForJob } from "./jobs";

const noPostgres = await skipWithoutPostgres();

describe.each(testDatabaseKinds)("job services on $name", ({ name, create }) => {
  const skip = name === "postgres" && noPostgres;
  let t: TestDatabase;
  let fx: KindsFixture;
  let siteDir: string;
  const ctx = (role: Role) => testContext(t.db, role, testSecrets);

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    const work = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-jobsvc-"));
    fx = await createRepositoryFixture(t, work);
    siteDir = path.join(work, "site");
    await writeTree(siteDir, { "index.html": "<h1>hi</h1>", "conf/app.conf": "a=1\n" });
    const asset = await createDirectoryAsset(t, siteDir, "site");
    const policy = await createPolicy(t, fx.repositoryId, { keepLast: 3 });
    await t.db.insert(policyAssets).values({ policyId: policy.id, assetId: asset.id });
    await createDirectoryAsset(t, path.join(work), "orphan");
  });
  afterAll(async () => {
    await t?.destroy();
    if (fx) await fs.rm(fx.work, { recursive: true, force: true });
  });

  describe("job requests", () => {
    it.skipIf(skip)(
      "run now: one job per asset of a policy; viewers may not; an asset without a policy is refused",
      async () => {
        await expect(runBackupNow(ctx("viewer"), { policy: "nightly" })).rejects.toThrow(/operator role/);
        const created = await runBackupNow(ctx("operator"), { policy: "nightly" });
        expect(created).toHaveLength(1);
        expect(created[0]).toMatchObject({ kind: "backup", status: "queued", source: "ui" });
        await expect(runBackupNow(ctx("operator"), { asset: "orphan" })).rejects.toThrow(/has no policy/);
        const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "job.run"));
        expect(audit).toHaveLength(1);
        // The queued job runs (as a worker would) and leaves a restore point for the next tests.
        const outcome = await runKind(
          t,
          runBackupJob,
          { kind: "backup", assetId: created[0]?.assetId, policyId: created[0]?.policyId },
          {},
        );
        expect(outcome.error).toBeUndefined();
      },
    );

    it.skipIf(skip)(
      "restores go to a new place by default; overwriting needs an admin and says so",
      async () => {
        const job = await startRestore(ctx("operator"), { asset: "site" });
        expect(job.params.target).toMatch(new RegExp(`^${siteDir}\\.restored-\\d{8}-\\d{6}$`));
        expect(job.params.overwrite).toBe(false);
        await expect(startRestore(ctx("operator"), { asset: "site", overwrite: true })).rejects.toThrow(
          /admin role/,
        );
        await expect(startRestore(ctx("admin"), { asset: "site", target: siteDir })).rejects.toThrow(
          /needs overwrite/,
        );
        const over = await startRestore(ctx("admin"), { asset: "site", overwrite: true, paths: ["conf"] });
        expect(over.params).toMatchObject({ target: siteDir, overwrite: true, paths: ["conf"] });
        await expect(
          startRestore(ctx("operator"), { asset: "site", at: "2000-01-01T00:00:00Z" }),
        ).rejects.toThrow(/no restore point at or before 2000-01-01/);
        await expect(
          startRestore(ctx("operator"), { asset: "site", target: "relative/dir" }),
        ).rejects.toThrow(/absolute/);
        await expect(startRestore(ctx("viewer"), { asset: "site" })).rejects.toMatchObject({
          code: "forbidden",
        });
        await expect(
          startRestore(ctx("admin"), { asset: "site", target: `${siteDir}/conf/../restored` }),
        ).rejects.toThrow(/inside the original folder/);
        await expect(startRestore(ctx("admin"), { asset: "site", target: `${siteDir}/` })).rejects.toThrow(
          /needs overwrite/,
        );
        const elsewhere = await startRestore(ctx("operator"), { asset: "site", target: `${siteDir}-copy/` });
        expect(elsewhere.params.target).toBe(`${siteDir}-copy`);
        const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "restore.start"));
        expect(audits).toHaveLength(3);
        expect(audits.find((a) => a.target === over.id)?.details).toMatchObject({
          overwrite: true,
          target: siteDir,
        });
      },
    );

    it.skipIf(skip)(
      "a database restores into a new database by default, over the original only for admins",
      async () => {
        const db = await createPostgresAsset(t, "postgres://nobody@127.0.0.1:1/orders", "orders");
        await t.db.insert(restorePoints).values({
          assetId: db.id,
          repositoryId: fx.repositoryId,
          snapshotId: "d".repeat(64),
          time: new Date(),
        });
        const job = await startRestore(ctx("operator"), { asset: "orders" });
        expect(job.params.target).toMatch(/^orders_restored_\d{8}_\d{6}$/);
        expect(job).toMatchObject({ kind: "restore", assetId: db.id, maxAttempts: 1 });
        await expect(startRestore(ctx("operator"), { asset: "orders", target: "orders" })).rejects.toThrow(
          /needs overwrite/,
        );
        await expect(
          startRestore(ctx("operator"), { asset: "orders", overwrite: true }),
        ).rejects.toMatchObject({
          code: "forbidden",
        });
        const over = await startRestore(ctx("admin"), { asset: "orders", overwrite: true });
        expect(over.params).toMatchObject({ target: "orders", overwrite: true });
        await expect(startRestore(ctx("operator"), { asset: "orders", paths: ["x"] })).rejects.toThrow(
          /restored whole/,
        );
        await expect(
          startRestore(ctx("operator"), { asset: "orders", target: "x; drop database y" }),
        ).rejects.toThrow(/not a database name/);
      },
    );

    it.skipIf(skip)("verify picks the newest restore point of the asset", async () => {
      const [site] = await t.db.select().from(assets).where(eq(assets.name, "site"));
      const [point] = await t.db.select().from(restorePoints).where(eq(restorePoints.assetId, site.id));
      const job = await startVerify(ctx("operator"), { asset: "site" });
      expect(job.params.restorePointId).toBe(point?.id);
      await expect(startVerify(ctx("viewer"), { asset: "site" })).rejects.toMatchObject({
        code: "forbidden",
      });
      const byPoint = await startVerify(ctx("operator"), {
        restorePoint: point?.snapshotId.slice(0, 8) as string,
      });
      expect(byPoint).toMatchObject({
        kind: "verify",
        assetId: site.id,
        params: { restorePointId: point?.id },
      });
    });

    it.skipIf(skip)(
      "cancel ends a queued job at once; an ended job cannot be cancelled; wait returns the final row",
      async () => {
        const [job] = await runBackupNow(ctx("admin"), { asset: "site" });
        const id = job?.id as string;
        await expect(cancelJob(ctx("viewer"), id)).rejects.toThrow(/operator role/);
        const cancelled = await cancelJob(ctx("operator"), id);
        expect(cancelled.status).toBe("cancelled");
        await expect(cancelJob(ctx("operator"), id)).rejects.toThrow(/already ended/);
        expect((await waitForJob(ctx("viewer"), id, { pollMs: 10 })).status).toBe("cancelled");
        await expect(getJob(ctx("viewer"), "not-an-id")).rejects.toThrow(/job ID/);
        // A unique prefix of 8 or more characters names the job, as restic takes snapshot IDs.
        expect((await getJob(ctx("viewer"), id.slice(0, 8))).id).toBe(id);
        expect((await getJob(ctx("viewer"), id.slice(0, 13).toUpperCase())).id).toBe(id);
        await expect(getJob(ctx("viewer"), id.slice(0, 7))).rejects.toThrow(/first 8 characters/);
        const listed = await listJobs(ctx("viewer"), { status: "cancelled" });
        expect(listed.map((j) => j.id)).toContain(id);
      },
    );

    it.skipIf(skip)("waitForJob follows a job until a worker ends it", async () => {
      const [job] = await runBackupNow(ctx("operator"), { asset: "site" });
      const id = job?.id as string;
      const seen: string[] = [];
      const waiting = waitForJob(ctx("viewer"), id, { pollMs: 20, onUpdate: (j) => seen.push(j.status) });
      await new Promise((r) => setTimeout(r, 100));
      await t.db
        .update(jobs)
        .set({ status: "failed", error: "disk full", finishedAt: new Date() })
        .where(eq(jobs.id, id));
      const ended = await waiting;
      expect(seen[0]).toBe("queued");
      expect(ended).toMatchObject({ status: "failed", error: "disk full" });
    });
  });
});
