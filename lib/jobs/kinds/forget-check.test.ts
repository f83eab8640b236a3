// forget and check jobs, run directly with a hand-built context: retention removes an asset's old
// snapshots with their restore points and catalog rows (other assets untouched), prunes when
// asked; check passes on a whole repository and fails, recording when it looked, on a damaged one.
import path from "node:path";
import { count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertRestorePoint } from "@/db/records/restore-points";
import { auditEvents, catalogEntries, repositories, restorePoints } from "@/db/schema";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import { backup, listSnapshots, loadSnapshot } from "@/lib/engine";
import {
  corruptLargestPack,
  createDirectoryAsset,
  createPolicy,
  createRepositoryFixture,
  type KindsFixture,
  runKind,
  writeTree,
} from "@/test-support/job-kinds";
import { removeDir, tempDir } from "@/test-support/restic";
import { catalogSnapshot } from "../catalog";
import { PermanentJobError } from "../types";
import { backupTags } from "./backup-tags";
import { runCheckJob } from "./check";
import { runForgetJob } from "./forget";

describe("forget and check jobs", () => {
  let t: TestDatabase;
  let work: string;
  let fx: KindsFixture;

  beforeAll(async () => {
    t = await createTestPglite();
    work = await tempDir();
    fx = await createRepositoryFixture(t, work);
  });
  afterAll(async () => {
    await t.destroy();
    await removeDir(work);
  });

  /** A backup through the engine plus its restore point and catalog, as the backup job writes them. */
  async function backupWithPoint(dir: string, assetId: string, policyId: string, time: Date) {
    const summary = await backup(fx.repo, [dir], {
      tags: backupTags(assetId, policyId),
      time,
      hostname: "h",
    });
    const point = await insertRestorePoint(t.db, {
      assetId,
      repositoryId: fx.repositoryId,
      snapshotId: summary.snapshotId,
      time,
      sizeBytes: 1,
      fileCount: 1,
      bytesAdded: 1,
      warnings: [],
      jobId: null,
    });
    await catalogSnapshot(t.db, fx.repo, await loadSnapshot(fx.repo, summary.snapshotId), point.id);
    return point;
  }

  it("keeps the newest snapshots of the asset, deletes the others' restore points and catalog, and prunes", async () => {
    const a = path.join(work, "a");
    const b = path.join(work, "b");
    const assetA = await createDirectoryAsset(t, a);
    const assetB = await createDirectoryAsset(t, b);
    const policy = await createPolicy(t, fx.repositoryId, { keepLast: 2 });
    const points = [];
    for (let i = 0; i < 4; i++) {
      await writeTree(a, { "conf/app.conf": `version ${i}\n`, "data.txt": `${i}`.repeat(1000 + i) });
      points.push(await backupWithPoint(a, assetA.id, policy.id, new Date(Date.UTC(2026, 0, 1 + i))));
    }
    await writeTree(b, { "x.txt": "other asset" });
    const other = await backupWithPoint(b, assetB.id, policy.id, new Date(Date.UTC(2025, 0, 1)));

    const run = await runKind(t, runForgetJob, {
      kind: "forget",
      params: { prune: true },
      assetId: assetA.id,
      policyId: policy.id,
    });
    expect(run.error).toBeUndefined();
    expect(run.result).toMatchObject({
      snapshotsRemoved: 2,
      snapshotsKept: 2,
      restorePointsDeleted: 2,
      pruned: true,
    });

    const left = await t.db.select({ id: restorePoints.id }).from(restorePoints);
    expect(left.map((r) => r.id).sort()).toEqual([points[2].id, points[3].id, other.id].sort());
    const [{ n: orphanRows }] = await t.db
      .select({ n: count() })
      .from(catalogEntries)
      .where(inArray(catalogEntries.restorePointId, [points[0].id, points[1].id]));
    expect(orphanRows).toBe(0);
    const [{ n: keptRows }] = await t.db
      .select({ n: count() })
      .from(catalogEntries)
      .where(eq(catalogEntries.restorePointId, points[3].id));
    expect(keptRows).toBeGreaterThan(0);
    const snapshots = await listSnapshots(fx.repo);
    expect(snapshots.map((s) => s.id).sort()).toEqual(
      [points[2].snapshotId, points[3].snapshotId, other.snapshotId].sort(),
    );
    const [repoRow] = await t.db.select().from(repositories).where(eq(repositories.id, fx.repositoryId));
    expect(repoRow.lastPrunedAt).not.toBeNull();
    expect(repoRow.sizeBytes).toBeGreaterThan(0);
    // Every change is audited, naming the job and where it came from.
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.target, [assetA.id, fx.repositoryId]));
    const forgot = audit.find((a) => a.action === "restore_point.forget");
    expect(forgot).toMatchObject({ target: assetA.id, source: "cli", actorEmail: "worker@test-host" });
    expect(forgot?.details).toMatchObject({
      job: run.job.id,
      restorePointsDeleted: expect.arrayContaining([points[0].id, points[1].id]),
    });
    expect(audit.find((a) => a.action === "repository.prune")).toMatchObject({ target: fx.repositoryId });
  });

  it("drops restore points whose snapshot vanished outside Lifeboat", async () => {
    const c = path.join(work, "c");
    const asset = await createDirectoryAsset(t, c);
    const policy = await createPolicy(t, fx.repositoryId, { keepLast: 5 }, "weekly");
    await writeTree(c, { "f.txt": "c" });
    const point = await backupWithPoint(c, asset.id, policy.id, new Date(Date.UTC(2026, 1, 1)));
    await fx.repo.backend.remove("snapshots", point.snapshotId);
    const run = await runKind(t, runForgetJob, { kind: "forget", assetId: asset.id, policyId: policy.id });
    expect(run.error).toBeUndefined();
    expect(run.result).toMatchObject({ snapshotsRemoved: 0, restorePointsDeleted: 1, pruned: false });
  });

  it("check passes on a whole repository and records when it ran", async () => {
    const run = await runKind(t, runCheckJob, {
      kind: "check",
      params: { repositoryId: fx.repositoryId, readData: true },
    });
    expect(run.error).toBeUndefined();
    expect(run.result).toMatchObject({ repositoryId: fx.repositoryId });
    expect((run.result as { packsRead: number }).packsRead).toBeGreaterThan(0);
    const [row] = await t.db.select().from(repositories).where(eq(repositories.id, fx.repositoryId));
    expect(row.lastCheckedAt).not.toBeNull();
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "repository.check"));
    expect(audit).toMatchObject({ target: fx.repositoryId, details: { job: run.job.id, problems: 0 } });
  });

  it("check fails with the problems in words when a pack is damaged", async () => {
    await corruptLargestPack(fx.repoDir);
    const run = await runKind(t, runCheckJob, {
      kind: "check",
      params: { repositoryId: fx.repositoryId, readData: true },
    });
    expect(run.error).toBeInstanceOf(PermanentJobError);
    expect(run.error?.message).toMatch(/check found \d+ problems? in main: /);
  });
});
