// The restore points list pages by keyset across assets (no overlap or gap, equal times broken by
// id) and filters by asset, kind, drill status and time; a point's page knows its backup's
// duration, the previous point and a restore estimate; a folder of a real snapshot pages by name.
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, restorePoints } from "@/db/schema";
import { type TestDatabase, testDatabaseKinds } from "@/db/testing";
import { testContext } from "@/lib/auth/testing";
import { runBackupJob } from "@/lib/jobs/kinds/backup";
import { skipWithoutPostgres } from "@/test-support/external";
import {
  createDirectoryAsset,
  createPolicy,
  createRepositoryFixture,
  type KindsFixture,
  runKind,
  testSecrets,
  writeTree,
} from "@/test-support/job-kinds";
import { removeDir, tempDir } from "@/test-support/restic";
import type { AssetRow } from "./lookup";
import {
  ASSUMED_RESTORE_BYTES_PER_SECOND,
  browseFolderPage,
  getRestorePointDetails,
  listRestorePointsPage,
} from "./restore-point-views";

const noPostgres = await skipWithoutPostgres();

describe.each(testDatabaseKinds)("restore point views on $name", ({ name, create }) => {
  const skip = name === "postgres" && noPostgres;
  let t: TestDatabase;
  let work: string;
  let fx: KindsFixture;
  let asset: AssetRow;
  let other: AssetRow;
  let pointId: string;
  const ctx = () => testContext(t.db, "viewer", testSecrets);

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    work = await tempDir();
    fx = await createRepositoryFixture(t, work);
    const site = path.join(work, "srv", "site");
    const files: Record<string, string> = { "index.html": "<h1>hi</h1>\n" };
    for (let i = 0; i < 25; i++) files[`big/file-${String(i).padStart(2, "0")}.txt`] = `${i}\n`;
    files["big/sub/inner.txt"] = "inner\n";
    await writeTree(site, files);
    asset = await createDirectoryAsset(t, site, "site");
    other = await createDirectoryAsset(t, path.join(work, "other"), "other");
    const policy = await createPolicy(t, fx.repositoryId, { keepLast: 10 });
    const run = await runKind(t, runBackupJob, { kind: "backup", assetId: asset.id, policyId: policy.id });
    expect(run.error).toBeUndefined();
    pointId = (run.result as { restorePointId: string }).restorePointId;
    // Rows only (the list reads no snapshot): 7 older points over two assets, two sharing a time.
    const base = Date.parse("2026-01-01T00:00:00Z");
    for (let i = 0; i < 7; i++) {
      await t.db.insert(restorePoints).values({
        assetId: i % 2 ? other.id : asset.id,
        repositoryId: fx.repositoryId,
        snapshotId: String(i).repeat(64),
        time: new Date(base + Math.min(i, 5) * 3_600_000),
        verifiedStatus: i === 3 ? "verified" : "unverified",
      });
    }
  });
  afterAll(async () => {
    await t?.destroy();
    if (work) await removeDir(work);
  });

  it.skipIf(skip)("pages newest first without overlap or gaps, and filters", async () => {
    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await listRestorePointsPage(ctx(), { limit: 3, before });
      seen.push(...page.items.map((p) => p.id));
      before = page.nextBefore ?? undefined;
      pages++;
    } while (before);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(8);
    const all = await t.db.select({ id: restorePoints.id, time: restorePoints.time }).from(restorePoints);
    const order = all
      .sort((a, b) => b.time.getTime() - a.time.getTime() || (b.id < a.id ? -1 : 1))
      .map((r) => r.id);
    expect(seen).toEqual(order);
    expect(seen[0]).toBe(pointId);

    const ofOther = await listRestorePointsPage(ctx(), { assetId: other.id });
    expect(ofOther.items.map((p) => p.asset)).toEqual(["other", "other", "other"]);
    const verified = await listRestorePointsPage(ctx(), { verified: "verified" });
    expect(verified.items).toHaveLength(1);
    // Since 04:30: the real backup (now), then the two at 05:00 in id order (the tie-break).
    const recent = await listRestorePointsPage(ctx(), { since: new Date("2026-01-01T04:30:00Z") });
    expect(recent.items[0]?.id).toBe(pointId);
    const tied = recent.items.slice(1);
    expect(tied.map((p) => p.snapshotId[0]).sort()).toEqual(["5", "6"]);
    expect(tied.map((p) => p.id)).toEqual(
      tied
        .map((p) => p.id)
        .sort()
        .reverse(),
    );
    expect((await listRestorePointsPage(ctx(), { kind: "postgres" })).items).toEqual([]);
    await expect(listRestorePointsPage(ctx(), { before: "yesterday" })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it.skipIf(skip)("gives a point's duration, previous point and a restore estimate", async () => {
    // The fixture runs the job without the worker, which would record when it finished.
    const [job] = await t.db.select().from(jobs).where(eq(jobs.kind, "backup"));
    const startedAt = job?.startedAt ?? new Date();
    await t.db
      .update(jobs)
      .set({ finishedAt: new Date(startedAt.getTime() + 1500) })
      .where(eq(jobs.id, job?.id ?? ""));
    const details = await getRestorePointDetails(ctx(), pointId);
    expect(details).toMatchObject({ asset: "site", kind: "directory", fileCount: 27, durationSeconds: 1.5 });
    // The snapshot's tags, as the backup gave them (restic shows the same).
    const [job0] = await t.db.select().from(jobs).where(eq(jobs.kind, "backup"));
    expect(details.tags).toEqual(["lifeboat", `asset:${details.assetId}`, `policy:${job0?.policyId}`]);
    // The newest older point of the same asset: i=6 at 05:00 (i=5 at 05:00 is the other asset's).
    const [prev] = await t.db
      .select()
      .from(restorePoints)
      .where(eq(restorePoints.snapshotId, "6".repeat(64)));
    expect([details.previous?.time, details.previous?.id]).toEqual([prev?.time, prev?.id]);
    expect(details.estimate).toMatchObject({
      measured: false,
      bytesPerSecond: ASSUMED_RESTORE_BYTES_PER_SECOND,
    });
    // A restore that moved 100 MiB in 2 s makes the estimate measured.
    const started = new Date("2026-02-01T00:00:00Z");
    await t.db.insert(jobs).values({
      kind: "restore",
      status: "succeeded",
      source: "cli",
      params: {},
      bytesDone: 100 * 1024 * 1024,
      startedAt: started,
      finishedAt: new Date(started.getTime() + 2000),
    });
    const measured = await getRestorePointDetails(ctx(), pointId);
    expect(measured.estimate).toMatchObject({ measured: true, bytesPerSecond: 50 * 1024 * 1024 });
  });

  it.skipIf(skip)("pages a folder of the snapshot by name, folders first, with a filter", async () => {
    const first = await browseFolderPage(ctx(), { restorePoint: pointId, path: "big", limit: 10 });
    expect(first.total).toBe(26);
    expect(first.entries.map((e) => e.name).slice(0, 3)).toEqual(["sub", "file-00.txt", "file-01.txt"]);
    const names = first.entries.map((e) => e.name);
    let after = first.nextAfter;
    while (after) {
      const next = await browseFolderPage(ctx(), { restorePoint: pointId, path: "big", limit: 10, after });
      names.push(...next.entries.map((e) => e.name));
      after = next.nextAfter;
    }
    expect(names).toHaveLength(26);
    expect(new Set(names).size).toBe(26);
    const filtered = await browseFolderPage(ctx(), { restorePoint: pointId, path: "big", filter: "FILE-1" });
    expect(filtered.entries.map((e) => e.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `file-1${i}.txt`),
    );
    await expect(browseFolderPage(ctx(), { restorePoint: pointId, path: "../../etc" })).rejects.toMatchObject(
      { code: "invalid_input" },
    );
  });
});
