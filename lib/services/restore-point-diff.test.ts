// "What changed" from two real snapshots of a folder the test modified between two backups: the
// exact files added, removed and modified, with sizes; unchanged folders are not even read.
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "@/db/testing";
import { testContext } from "@/lib/auth/testing";
import { runBackupJob } from "@/lib/jobs/kinds/backup";
import { skipWithoutPostgres } from "@/test-support/external";
import {
  createDirectoryAsset,
  createPolicy,
  createRepositoryFixture,
  runKind,
  testSecrets,
  writeTree,
} from "@/test-support/job-kinds";
import { removeDir, tempDir } from "@/test-support/restic";
import { diffRestorePoints } from "./restore-point-diff";
import { diffFolder } from "./restore-point-diff-tree";

const noPostgres = await skipWithoutPostgres();

describe.each(testDatabaseKinds)("what changed on $name", ({ name, create }) => {
  const skip = name === "postgres" && noPostgres;
  let t: TestDatabase;
  let work: string;
  const points: string[] = [];
  const ctx = () => testContext(t.db, "viewer", testSecrets);

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    work = await tempDir();
    const fx = await createRepositoryFixture(t, work);
    const site = path.join(work, "site");
    const tree: Record<string, string> = {
      "keep/a.txt": "same\n",
      "keep/deeper/b.txt": "same too\n",
      "docs/report.txt": "version one\n",
      "docs/old.txt": "to be removed\n",
      "gone/x.txt": "whole folder removed\n",
    };
    await writeTree(site, tree);
    const asset = await createDirectoryAsset(t, site, "site");
    const policy = await createPolicy(t, fx.repositoryId, { keepLast: 10 });
    const backUp = async () => {
      const run = await runKind(t, runBackupJob, { kind: "backup", assetId: asset.id, policyId: policy.id });
      expect(run.error).toBeUndefined();
      points.push((run.result as { restorePointId: string }).restorePointId);
    };
    await backUp();
    await writeFile(path.join(site, "docs/report.txt"), "version two, longer\n");
    await rm(path.join(site, "docs/old.txt"));
    await rm(path.join(site, "gone"), { recursive: true });
    await writeTree(site, { "docs/new.txt": "new\n", "fresh/sub/n.txt": "brand new\n" });
    await backUp();
  });
  afterAll(async () => {
    await t?.destroy();
    if (work) await removeDir(work);
  });

  it.skipIf(skip)("lists exactly the files added, removed and modified", async () => {
    const diff = await diffRestorePoints(ctx(), { restorePoint: points[1] as string });
    expect(diff.against?.id).toBe(points[0]);
    const site = path.join(work, "site");
    const rel = (p: string) => path.posix.relative(site, p);
    expect(diff.changes.map((c) => [c.change, rel(c.path), c.sizeBefore, c.sizeAfter]).sort()).toEqual(
      [
        ["added", "docs/new.txt", null, 4],
        ["added", "fresh/sub/n.txt", null, 10],
        ["modified", "docs/report.txt", 12, 20],
        ["removed", "docs/old.txt", 14, null],
        ["removed", "gone/x.txt", 21, null],
      ].sort(),
    );
    expect(diff.totals).toEqual({ added: 2, removed: 2, modified: 1, bytesAdded: 22, bytesRemoved: 35 });
    // The other way round, by naming the older point: additions become removals.
    const back = await diffRestorePoints(ctx(), { restorePoint: points[0] as string, against: points[1] });
    expect(back.totals).toMatchObject({ added: 2, removed: 2, modified: 1 });
    // The first point has nothing before it.
    expect((await diffRestorePoints(ctx(), { restorePoint: points[0] as string })).against).toBeNull();
    // A point against itself: equal root trees, nothing read below.
    const same = await diffRestorePoints(ctx(), { restorePoint: points[1] as string, against: points[1] });
    expect(same.changes).toEqual([]);
  });

  it.skipIf(skip)("lists at most the limit but counts everything", async () => {
    const diff = await diffRestorePoints(ctx(), { restorePoint: points[1] as string, limit: 2 });
    expect(diff.changes).toHaveLength(2);
    expect(diff.truncated).toBe(true);
    expect(diff.totals.added + diff.totals.removed + diff.totals.modified).toBe(5);
  });

  it.skipIf(skip)("opens as a tree, one folder at a time, leaving unchanged folders out", async () => {
    const at = async (p?: string, against?: string) =>
      (await diffFolder(ctx(), { restorePoint: points[1] as string, path: p, against })).entries.map((e) => [
        e.name,
        e.change,
        e.folder,
        e.sizeBefore,
        e.sizeAfter,
      ]);
    // "keep" did not change: its subtree ID is equal on both sides, so it is not listed.
    expect(await at()).toEqual([
      ["docs", "modified", true, null, null],
      ["fresh", "added", true, null, null],
      ["gone", "removed", true, null, null],
    ]);
    expect(await at("docs")).toEqual([
      ["new.txt", "added", false, null, 4],
      ["old.txt", "removed", false, 14, null],
      ["report.txt", "modified", false, 12, 20],
    ]);
    expect(await at("fresh/sub")).toEqual([["n.txt", "added", false, null, 10]]);
    expect(await at("gone")).toEqual([["x.txt", "removed", false, 21, null]]);
    expect(await at("keep")).toEqual([]);
    // Any two points: against itself nothing changed.
    expect(await at(undefined, points[1])).toEqual([]);
  });
});
