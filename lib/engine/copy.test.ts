// copy between repositories with different master keys: restic checks and restores the target,
// a second copy moves nothing, and a target made with --copy-chunker-params deduplicates.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffTrees } from "@/test-support/compare-trees";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, restic, resticOk, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { copySnapshots } from "./copy";
import { createRepo, lifeboat, names, openRepo, snapshotOf, writeRandomFiles } from "./prune/fixture";
import { listSnapshots } from "./snapshot";

const OTHER = "target password";

describe.skipIf(skipWithoutRestic())("copy", () => {
  let work: string;
  let src: string;
  let srcRepo: string;
  let snapshots: string[];
  beforeAll(async () => {
    work = await tempDir("lifeboat-copy-");
    src = path.join(work, "src");
    await writeRandomFiles(src, names("f", 6), 50_000);
    await fs.writeFile(path.join(src, "text"), "compressible ".repeat(20_000));
    await writeRandomFiles(path.join(src, "big"), ["one"], 1_500_000);
    srcRepo = path.join(work, "source");
    const repo = await createRepo(srcRepo, 512 * 1024);
    snapshots = [await snapshotOf(repo, src)];
    await writeRandomFiles(src, ["late"], 30_000);
    snapshots.push(await snapshotOf(repo, src));
  });
  afterAll(() => removeDir(work));

  it("copies snapshots restic then checks and restores on the target, with original set", async () => {
    const dst = path.join(work, "target");
    await resticOk(dst, ["init"], { password: OTHER });
    const r = lifeboat(["copy", "--repo", dst, "--from-repo", srcRepo, snapshots[1].slice(0, 8)], {
      LIFEBOAT_PASSWORD: OTHER,
      LIFEBOAT_FROM_PASSWORD: TEST_PASSWORD,
    });
    expect(r.code, r.stderr).toBe(0);
    const check = await restic(dst, ["check", "--read-data"], { password: OTHER });
    expect(check.code, check.stderr).toBe(0);
    const copies = JSON.parse(await resticOk(dst, ["snapshots", "--json"], { password: OTHER })) as {
      id: string;
      original: string;
    }[];
    expect(copies.map((c) => c.original)).toEqual([snapshots[1]]);
    const out = path.join(work, "restored");
    await resticOk(dst, ["restore", copies[0].id, "--target", out], { password: OTHER });
    expect(await diffTrees(src, path.join(out, src))).toEqual([]);

    // restic's own copy finds the snapshot already there, so does ours.
    const again = await resticOk(dst, ["copy", "--from-repo", srcRepo, snapshots[1]], {
      password: OTHER,
      env: { ...process.env, RESTIC_FROM_PASSWORD: TEST_PASSWORD },
    });
    expect(again).toContain("already copied");
    const ours = await copySnapshots(await openRepo(srcRepo), await openRepo(dst, OTHER), [snapshots[1]]);
    expect(ours.copied).toEqual([]);
    expect(ours.skipped.map((s) => s.source)).toEqual([snapshots[1]]);
  });

  it("moves only blobs the target lacks, and a target with the same chunker deduplicates", async () => {
    const dst = path.join(work, "same-chunker");
    const init = lifeboat(["init", "--repo", dst, "--copy-chunker-params", "--from-repo", srcRepo], {
      LIFEBOAT_PASSWORD: OTHER,
      LIFEBOAT_FROM_PASSWORD: TEST_PASSWORD,
    });
    expect(init.code, init.stderr).toBe(0);
    const source = await openRepo(srcRepo);
    const target = await openRepo(dst, OTHER);
    expect(target.config.chunkerPolynomial).toBe(source.config.chunkerPolynomial);

    const first = await copySnapshots(source, target, [snapshots[0]]);
    expect(first.copied).toHaveLength(1);
    expect(first.samePolynomial).toBe(true);
    const second = await copySnapshots(await openRepo(srcRepo), await openRepo(dst, OTHER), [snapshots[1]]);
    // The second snapshot adds one file and changes the trees above it; everything else is there.
    expect(second.blobsCopied).toBeGreaterThan(0);
    expect(second.blobsCopied).toBeLessThan(first.blobsCopied);

    // restic backing up the same folder into the target finds every data blob already present.
    const backup = await resticOk(dst, ["backup", "--json", "--force", src], { password: OTHER });
    const summary = JSON.parse(backup.trim().split("\n").at(-1) as string);
    expect(summary.data_blobs).toBe(0);
    expect((await listSnapshots(await openRepo(dst, OTHER))).map((s) => s.original).filter(Boolean)).toEqual(
      expect.arrayContaining(snapshots),
    );
    const check = await restic(dst, ["check", "--read-data"], { password: OTHER });
    expect(check.code, check.stderr).toBe(0);
  });
});
