// previewRestore, the restore approval card's details: the point a draft picks (named, newest at
// or before a time, or newest), the target the job would use, and the size of just the chosen paths.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogEntries, jobs, restorePoints } from "@/db/schema";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import { testContext } from "@/lib/auth/testing";
import { createDirectoryAsset, createRepositoryFixture, type KindsFixture } from "@/test-support/job-kinds";
import { removeDir, tempDir } from "@/test-support/restic";
import { ASSUMED_RESTORE_BYTES_PER_SECOND } from "./restore-point-views";
import { previewRestore } from "./restore-preview";

let t: TestDatabase;
let work: string;
let fx: KindsFixture;

beforeAll(async () => {
  t = await createTestPglite();
  work = await tempDir();
  fx = await createRepositoryFixture(t, work);
});
afterAll(async () => {
  await t?.destroy();
  if (work) await removeDir(work);
});

describe("restore preview", () => {
  it("picks the point, resolves the target and sizes the chosen paths", async () => {
    const site = path.join(work, "www");
    const asset = await createDirectoryAsset(t, site, "www");
    const [older, newer] = await t.db
      .insert(restorePoints)
      .values([
        {
          assetId: asset.id,
          repositoryId: fx.repositoryId,
          snapshotId: "a".repeat(64),
          time: new Date("2026-12-01T10:00:00Z"),
          sizeBytes: 300 * 1024 * 1024,
          verifiedStatus: "verified",
        },
        {
          assetId: asset.id,
          repositoryId: fx.repositoryId,
          snapshotId: "b".repeat(64),
          time: new Date("2026-12-05T10:00:00Z"),
          sizeBytes: 400 * 1024 * 1024,
        },
      ])
      .returning();
    await t.db.insert(catalogEntries).values([
      { restorePointId: older?.id as string, path: `${site}/conf`, type: "dir", size: 0 },
      { restorePointId: older?.id as string, path: `${site}/conf/a.conf`, type: "file", size: 1000 },
      { restorePointId: older?.id as string, path: `${site}/conf/b.conf`, type: "file", size: 500 },
      { restorePointId: older?.id as string, path: `${site}/config.bak`, type: "file", size: 7 },
    ]);
    const ctx = testContext(t.db, "viewer");
    const newest = await previewRestore(ctx, { asset: "www" });
    expect(newest.restorePoint).toMatchObject({
      id: newer?.id,
      verified: "unverified",
      sizeBytes: 400 * 1024 * 1024,
    });
    expect(newest.target).toMatch(new RegExp(`^${site}\\.restored-`));
    // Nothing was restored here yet: the assumed rate, and the card says so.
    expect(newest.estimate).toEqual({
      bytes: 400 * 1024 * 1024,
      seconds: Math.ceil((400 * 1024 * 1024) / ASSUMED_RESTORE_BYTES_PER_SECOND),
      bytesPerSecond: ASSUMED_RESTORE_BYTES_PER_SECOND,
      measured: false,
    });

    const part = await previewRestore(ctx, {
      asset: "www",
      at: "2026-12-03T00:00:00Z",
      paths: [`${site}/conf`],
      target: "/srv/out",
    });
    expect(part.restorePoint).toMatchObject({ id: older?.id, verified: "verified" });
    expect(part.target).toBe("/srv/out");
    expect(part.estimate?.bytes).toBe(1500);

    expect((await previewRestore(ctx, { asset: "www", overwrite: true })).target).toBe(site);
    expect((await previewRestore(ctx, { asset: "www", at: "2026-01-01T00:00:00Z" })).restorePoint).toBeNull();

    // Once a restore has run here, its measured rate replaces the assumed one: 80 MiB in 8 s.
    await t.db.insert(jobs).values({
      kind: "restore",
      status: "succeeded",
      source: "ui",
      bytesDone: 80 * 1024 * 1024,
      startedAt: new Date("2026-12-05T11:00:00Z"),
      finishedAt: new Date("2026-12-05T11:00:08Z"),
    });
    expect((await previewRestore(ctx, { asset: "www" })).estimate).toEqual({
      bytes: 400 * 1024 * 1024,
      seconds: 40,
      bytesPerSecond: 10 * 1024 * 1024,
      measured: true,
    });
  });
});
