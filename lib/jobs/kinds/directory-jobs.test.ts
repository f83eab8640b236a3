// backup, restore and verify jobs of a directory asset, run directly with a hand-built context
// on PGlite and PostgreSQL: the restore point and its catalog match the files; restores (full
// and partial) land in new folders and refuse to overwrite; a drill passes, then notices a
// flipped byte in a data pack and marks the point failed.
import fs from "node:fs/promises";
import path from "node:path";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogEntries, jobs, repositories, restorePoints } from "@/db/schema";
import { type TestDatabase, testDatabaseKinds } from "@/db/testing";
import { loadSnapshot } from "@/lib/engine";
import { skipWithoutPostgres } from "@/test-support/external";
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
import { PermanentJobError } from "../types";
import { runBackupJob } from "./backup";
import { runRestoreJob } from "./restore";
import { runVerifyJob } from "./verify";

const noPostgres = await skipWithoutPostgres();

async function filesUnder(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full), await fs.readFile(full, "utf8"));
  }
  return out;
}

describe.each(testDatabaseKinds)("directory jobs on $name", ({ name, create }) => {
  const skip = name === "postgres" && noPostgres;
  let t: TestDatabase;
  let work: string;
  let fx: KindsFixture;
  let site: string;

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    work = await tempDir();
    fx = await createRepositoryFixture(t, work);
    site = path.join(work, "srv", "site");
    await writeTree(site, {
      "etc/nginx/nginx.conf": "worker_processes 2;\n",
      "index.html": "<h1>hello</h1>\n",
      "assets/app.js": "console.log(1);\n".repeat(200),
    });
  });
  afterAll(async () => {
    await t?.destroy();
    if (work) await removeDir(work);
  });

  it.skipIf(skip)("backup, full and partial restore, drill, damaged pack", async () => {
    const asset = await createDirectoryAsset(t, site);
    const policy = await createPolicy(t, fx.repositoryId, { keepLast: 3 });
    const job = { kind: "backup" as const, assetId: asset.id, policyId: policy.id };

    const first = await runKind(t, runBackupJob, job);
    expect(first.error).toBeUndefined();
    const result = first.result as Record<string, number | string>;
    expect(result).toMatchObject({ fileCount: 3, bytesRead: 20 + 15 + 3200, warnings: 0 });
    expect(result.bytesAdded).toBeGreaterThan(0);
    expect(first.progress.length).toBeGreaterThan(0);

    const [point] = await t.db.select().from(restorePoints).where(eq(restorePoints.jobId, first.job.id));
    expect(point).toMatchObject({
      assetId: asset.id,
      repositoryId: fx.repositoryId,
      snapshotId: result.snapshotId,
      fileCount: 3,
      sizeBytes: 3235,
      verifiedStatus: "unverified",
    });
    const snapshot = await loadSnapshot(fx.repo, point.snapshotId);
    expect(snapshot.tags).toEqual(["lifeboat", `asset:${asset.id}`, `policy:${policy.id}`]);
    expect(snapshot.hostname).toBe("test-host");
    expect(snapshot.paths).toEqual([site]);

    // Catalog: the asset folder and everything below it, by absolute original path.
    const rows = await t.db
      .select()
      .from(catalogEntries)
      .where(eq(catalogEntries.restorePointId, point.id))
      .orderBy(asc(catalogEntries.path));
    const onDisk = [...(await filesUnder(site)).keys()].map((rel) => path.join(site, rel)).sort();
    expect(rows.filter((r) => r.type === "file").map((r) => r.path)).toEqual(onDisk);
    expect(rows.map((r) => r.path)).toContain(`${site}/etc/nginx`);

    // The policy has retention: a forget job follows, with prune (the repository was never pruned).
    const followUps = await t.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, "forget"), eq(jobs.assetId, asset.id)));
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toMatchObject({ policyId: policy.id, source: "schedule", params: { prune: true } });
    const [repoRow] = await t.db.select().from(repositories).where(eq(repositories.id, fx.repositoryId));
    expect(repoRow.sizeBytes).toBeGreaterThan(0);

    // A second version of nginx.conf: every version is one query.
    await fs.writeFile(path.join(site, "etc/nginx/nginx.conf"), "worker_processes 4; # more\n");
    const second = await runKind(t, runBackupJob, job);
    expect(second.error).toBeUndefined();
    const versions = await t.db
      .select({ time: restorePoints.time, size: catalogEntries.size })
      .from(catalogEntries)
      .innerJoin(restorePoints, eq(restorePoints.id, catalogEntries.restorePointId))
      .where(sql`lower(${catalogEntries.path}) like ${"%/nginx.conf"}`)
      .orderBy(asc(restorePoints.time));
    expect(versions.map((v) => v.size)).toEqual([20, 27]);
    // The first forget is still queued: the second backup adds none.
    const [{ n: forgets }] = await t.db
      .select({ n: count() })
      .from(jobs)
      .where(and(eq(jobs.kind, "forget"), eq(jobs.assetId, asset.id)));
    expect(forgets).toBe(1);

    // Full restore of the first point into a new folder: the content of then.
    const full = path.join(work, "restored-full");
    const restored = await runKind(t, runRestoreJob, {
      kind: "restore",
      assetId: asset.id,
      params: { restorePointId: point.id, target: full },
    });
    expect(restored.error).toBeUndefined();
    expect(restored.result).toMatchObject({ target: full, filesRestored: 3, bytesRestored: 3235 });
    const back = await filesUnder(full);
    expect(back.get("etc/nginx/nginx.conf")).toBe("worker_processes 2;\n");
    expect(back.size).toBe(3);

    // Partial restore: one file, named as the catalog shows it (absolute original path).
    const part = path.join(work, "restored-part");
    const partial = await runKind(t, runRestoreJob, {
      kind: "restore",
      assetId: asset.id,
      params: { restorePointId: point.id, target: part, paths: [`${site}/etc/nginx/nginx.conf`] },
    });
    expect(partial.error).toBeUndefined();
    expect([...(await filesUnder(part)).keys()]).toEqual(["etc/nginx/nginx.conf"]);

    // An existing folder without overwrite, and a missing point, fail at once.
    const taken = await runKind(t, runRestoreJob, {
      kind: "restore",
      params: { restorePointId: point.id, target: full },
    });
    expect(taken.error).toBeInstanceOf(PermanentJobError);
    expect(taken.error?.message).toMatch(/already exists/);
    const missing = await runKind(t, runRestoreJob, {
      kind: "restore",
      params: { restorePointId: "00000000-0000-4000-8000-000000000000", target: path.join(work, "x") },
    });
    expect(missing.error).toBeInstanceOf(PermanentJobError);

    // Drill: passes on the intact repository.
    const drill = await runKind(t, runVerifyJob, {
      kind: "verify",
      assetId: asset.id,
      params: { restorePointId: point.id },
    });
    expect(drill.error).toBeUndefined();
    const [verified] = await t.db.select().from(restorePoints).where(eq(restorePoints.id, point.id));
    expect(verified).toMatchObject({ verifiedStatus: "verified", verifiedError: null });
    expect(verified.verifiedAt).not.toBeNull();

    // A flipped byte in the data pack: the drill fails the job and marks the point failed.
    await corruptLargestPack(fx.repoDir);
    const bad = await runKind(t, runVerifyJob, {
      kind: "verify",
      assetId: asset.id,
      params: { restorePointId: point.id },
    });
    expect(bad.error).toBeInstanceOf(PermanentJobError);
    expect(bad.error?.message).toMatch(/^verification failed: /);
    const [failed] = await t.db.select().from(restorePoints).where(eq(restorePoints.id, point.id));
    expect(failed.verifiedStatus).toBe("failed");
    expect(failed.verifiedError).toBeTruthy();
  });

  it.skipIf(skip)(
    "a manual run without a policy goes to the named repository, queues no forget",
    async () => {
      const other = await createRepositoryFixture(t, work, "other");
      const dir = path.join(work, "manual");
      await writeTree(dir, { "a.txt": "a" });
      const asset = await createDirectoryAsset(t, dir);
      const run = await runKind(t, runBackupJob, {
        kind: "backup",
        assetId: asset.id,
        params: { repositoryId: other.repositoryId },
      });
      expect(run.error).toBeUndefined();
      const [point] = await t.db.select().from(restorePoints).where(eq(restorePoints.assetId, asset.id));
      expect(point.repositoryId).toBe(other.repositoryId);
      expect((await loadSnapshot(other.repo, point.snapshotId)).tags).toEqual([
        "lifeboat",
        `asset:${asset.id}`,
      ]);
      const [{ n }] = await t.db
        .select({ n: count() })
        .from(jobs)
        .where(and(eq(jobs.kind, "forget"), eq(jobs.assetId, asset.id)));
      expect(n).toBe(0);
    },
  );

  it.skipIf(skip)(
    "a retry of a backup whose point was written finishes it instead of backing up again",
    async () => {
      const dir = path.join(work, "retried");
      await writeTree(dir, { "a.txt": "a", "b/c.txt": "c" });
      const asset = await createDirectoryAsset(t, dir);
      const first = await runKind(t, runBackupJob, { kind: "backup", assetId: asset.id });
      expect(first.error).toBeUndefined();
      const [point] = await t.db.select().from(restorePoints).where(eq(restorePoints.assetId, asset.id));
      // As if the attempt died while cataloguing: some rows gone.
      await t.db.delete(catalogEntries).where(eq(catalogEntries.restorePointId, point.id));
      const retry = await runKind(t, runBackupJob, { kind: "backup" }, { rerun: first.job, attempts: 2 });
      expect(retry.error).toBeUndefined();
      expect(retry.result).toMatchObject({
        restorePointId: point.id,
        snapshotId: point.snapshotId,
        catalogEntries: 4,
      });
      const [{ n }] = await t.db
        .select({ n: count() })
        .from(restorePoints)
        .where(eq(restorePoints.assetId, asset.id));
      expect(n).toBe(1);
    },
  );

  it.skipIf(skip)("a cancelled backup leaves no restore point", async () => {
    const dir = path.join(work, "cancelled");
    await writeTree(dir, { "a.txt": "a" });
    const asset = await createDirectoryAsset(t, dir);
    const abort = new AbortController();
    abort.abort();
    const run = await runKind(
      t,
      runBackupJob,
      { kind: "backup", assetId: asset.id },
      { signal: abort.signal },
    );
    expect(run.error).toBeDefined();
    const [{ n }] = await t.db
      .select({ n: count() })
      .from(restorePoints)
      .where(eq(restorePoints.assetId, asset.id));
    expect(n).toBe(0);
  });
});
