// Restore jobs and drills of hostile restore points (test-support/crafted-repo.ts) write nothing
// outside their target or scratch folder: the same manifest check as the engine's test, through
// the directory source's staging, merge and clean-up, on PGlite.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertRestorePoint } from "@/db/records/restore-points";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import {
  type CraftedCase,
  craftedCases,
  makeOutside,
  manifest,
  manifestChanges,
  writeCraftedSnapshots,
} from "@/test-support/crafted-repo";
import {
  createDirectoryAsset,
  createRepositoryFixture,
  type KindsFixture,
  runKind,
} from "@/test-support/job-kinds";
import { removeDir, tempDir } from "@/test-support/restic";
import { runRestoreJob } from "./restore";
import { runVerifyJob } from "./verify";

describe("restore jobs and drills of crafted restore points", () => {
  let t: TestDatabase;
  let sandbox: string;
  let targets: string;
  let fx: KindsFixture;
  let cases: CraftedCase[];
  const points = new Map<string, string>();
  let assetId: string;
  let before: Map<string, string>;
  const around = () => manifest(sandbox, (p) => p === targets || p === fx.repoDir);

  beforeAll(async () => {
    t = await createTestPglite();
    sandbox = await tempDir("lifeboat-escape-jobs-");
    targets = path.join(sandbox, "targets");
    await fs.mkdir(targets);
    const outside = path.join(sandbox, "outside");
    await makeOutside(outside);
    fx = await createRepositoryFixture(t, sandbox);
    cases = await craftedCases(outside);
    const ids = await writeCraftedSnapshots(fx.repo, cases);
    assetId = (await createDirectoryAsset(t, "/crafted", "crafted")).id;
    for (const [name, snapshotId] of ids) {
      const point = await insertRestorePoint(t.db, {
        assetId,
        repositoryId: fx.repositoryId,
        snapshotId,
        time: new Date(),
        sizeBytes: 0,
        fileCount: 1,
        bytesAdded: 0,
        warnings: [],
        jobId: null,
      });
      points.set(name, point.id);
    }
    before = await around();
  });
  afterAll(async () => {
    await t?.destroy();
    if (sandbox) await removeDir(sandbox);
  });

  it("restore jobs, with and without overwrite, and drills leave the surroundings as they were", async () => {
    for (const c of cases) {
      const restorePointId = points.get(c.name) as string;
      for (const overwrite of [false, true]) {
        const target = path.join(targets, `job-${c.name}-${overwrite}`);
        // Twice with overwrite: the second restore goes over what the first left.
        for (let round = 0; round < (overwrite ? 2 : 1); round++) {
          await runKind(t, runRestoreJob, {
            kind: "restore",
            assetId,
            params: { restorePointId, target, overwrite },
          });
          expect(manifestChanges(before, await around()), `${c.name} overwrite=${overwrite}`).toEqual([]);
        }
      }
      const drill = await runKind(t, runVerifyJob, { kind: "verify", assetId, params: { restorePointId } });
      expect(manifestChanges(before, await around()), `${c.name} drill`).toEqual([]);
      // A tree that holds one name twice is damage, not something to restore one way or the other.
      const benign = c.name === "hard-link-to-outside-inode" || c.name === "plain-folder";
      if (benign) expect(drill.error, c.name).toBeUndefined();
      else expect(drill.error?.message, c.name).toMatch(/failed/);
    }
  });
});
