// prune against the real restic: what prune leaves must pass `restic check --read-data`, and
// every snapshot that remains must restore byte for byte.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffTrees } from "@/test-support/compare-trees";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, restic, resticOk, tempDir } from "@/test-support/restic";
import { prune } from "./prune";
import {
  copyFiles,
  createRepo,
  lifeboat,
  names,
  openRepo,
  repoFiles,
  snapshotOf,
  writeRandomFiles,
} from "./prune/fixture";

const KiB = 1024;

async function expectResticClean(repoDir: string): Promise<void> {
  const r = await restic(repoDir, ["check", "--read-data"]);
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  expect(r.stdout).toContain("no errors were found");
}

async function expectRestores(
  work: string,
  repoDir: string,
  snapshotId: string,
  source: string,
): Promise<void> {
  const out = path.join(work, `restore-${snapshotId.slice(0, 8)}-${Date.now()}`);
  await resticOk(repoDir, ["restore", snapshotId, "--target", out]);
  expect(await diffTrees(source, path.join(out, source))).toEqual([]);
}

describe.skipIf(skipWithoutRestic())("prune", () => {
  let work: string;
  let v1: string;
  let v2: string;
  let other: string;
  beforeAll(async () => {
    work = await tempDir("lifeboat-prune-");
    v1 = path.join(work, "v1");
    v2 = path.join(work, "v2");
    other = path.join(work, "other");
    // v2 shares half of v1's files, so forgetting v1 leaves packs that are only partly used.
    await writeRandomFiles(v1, names("f", 40), 24 * KiB);
    await copyFiles(v1, v2, names("f", 20));
    await writeRandomFiles(v2, names("g", 10), 24 * KiB);
    await writeRandomFiles(other, names("h", 3), 700 * KiB);
  });
  afterAll(() => removeDir(work));

  it("after lifeboat forget --prune, restic checks the repository clean and what remains restores exactly", async () => {
    const repoDir = path.join(work, "forget-prune");
    const repo = await createRepo(repoDir, 256 * KiB);
    await snapshotOf(repo, v1, new Date("2026-01-01T00:00:00Z"));
    await snapshotOf(repo, other, new Date("2026-01-02T00:00:00Z"));
    const keep = await snapshotOf(repo, v2, new Date("2026-01-03T00:00:00Z"));
    const before = await repoFiles(repoDir);

    const r = lifeboat(["forget", "--repo", repoDir, "--keep-last", "1", "--group-by", "host", "--prune"]);
    expect(r.code, r.stderr).toBe(0);

    const after = await repoFiles(repoDir);
    expect(after.packs.length).toBeLessThan(before.packs.length);
    await expectResticClean(repoDir);
    const snaps = JSON.parse(await resticOk(repoDir, ["snapshots", "--json"])) as { id: string }[];
    expect(snaps.map((s) => s.id)).toEqual([keep]);
    await expectRestores(work, repoDir, keep, v2);
    // Nothing left for restic to prune: we removed everything it would have.
    const again = await resticOk(repoDir, ["prune", "--dry-run"]);
    expect(again).toMatch(/to delete:\s+0 blobs/);
    expect(again).toMatch(/to repack:\s+0 blobs/);
  });

  it("repacks partly used packs, deletes unused ones, and a dry run changes nothing", async () => {
    const repoDir = path.join(work, "repack");
    const repo = await createRepo(repoDir, 256 * KiB);
    const old = await snapshotOf(repo, v1);
    await snapshotOf(repo, other);
    const kept = await snapshotOf(repo, v2);
    await resticOk(repoDir, ["forget", old]);

    const before = await repoFiles(repoDir);
    const dry = await prune(await openRepo(repoDir), { dryRun: true });
    expect(await repoFiles(repoDir)).toEqual(before);
    expect(dry.repackedPacks.length).toBeGreaterThan(0);

    const result = await prune(await openRepo(repoDir));
    expect(result.repackedPacks).toEqual(dry.repackedPacks);
    expect(result.removedPacks).toEqual(dry.removedPacks);
    expect(result.newPacks.length).toBeGreaterThan(0);
    const after = await repoFiles(repoDir);
    for (const id of [...result.repackedPacks, ...result.removedPacks]) expect(after.packs).not.toContain(id);
    for (const id of result.newPacks) expect(after.packs).toContain(id);
    expect(after.index).toEqual([...result.newIndexFiles].sort());
    // restic, asked the same question about what we left, finds nothing more to do.
    const again = await resticOk(repoDir, ["prune", "--dry-run"]);
    expect(again).toMatch(/to repack:\s+0 blobs/);
    expect(again).toMatch(/to delete:\s+0 blobs/);

    await expectResticClean(repoDir);
    await expectRestores(work, repoDir, kept, v2);
    const second = await prune(await openRepo(repoDir));
    expect(second.repackedPacks).toEqual([]);
    expect(second.removedPacks).toEqual([]);
  });

  it("removes the pack file a killed backup was still writing, and nothing else", async () => {
    const repoDir = path.join(work, "partial");
    const repo = await createRepo(repoDir, 256 * KiB);
    const kept = await snapshotOf(repo, other);
    // What a backup killed half-way through a pack leaves: a temporary file beside data/'s folders.
    const partial = await repo.backend.createPartial?.("data");
    await partial?.append([Buffer.alloc(64 * KiB, 7)]);
    const unfinished = async () =>
      (await fs.readdir(path.join(repoDir, "data"))).filter((n) => !/^[0-9a-f]{2}$/.test(n));
    expect(await unfinished()).toHaveLength(1);
    const before = await repoFiles(repoDir);

    await prune(await openRepo(repoDir), { dryRun: true });
    expect(await unfinished()).toHaveLength(1);
    const logged: string[] = [];
    await prune(await openRepo(repoDir), { log: (line) => logged.push(line) });
    expect(await unfinished()).toEqual([]);
    expect(logged.join("\n")).toMatch(/removed 1 unfinished pack/);
    expect(await repoFiles(repoDir)).toEqual(before);
    await expectResticClean(repoDir);
    await expectRestores(work, repoDir, kept, other);
  });

  it("keeps exactly one copy of blobs stored twice (two backups racing), as restic would", async () => {
    const repoDir = path.join(work, "duplicates");
    await createRepo(repoDir, 256 * KiB);
    // Two sessions that cannot see each other's pending blobs store the same files twice.
    const [a, b] = [await openRepo(repoDir), await openRepo(repoDir)];
    await Promise.all([snapshotOf(a, v2), snapshotOf(b, v2)]);
    const dry = await prune(await openRepo(repoDir), { dryRun: true });
    expect(dry.stats.blobs.duplicate).toBeGreaterThan(0);
    const theirs = await resticOk(repoDir, ["prune", "--dry-run", "-v"]);
    expect(theirs).toContain(`duplicates:   ${String(dry.stats.blobs.duplicate).padStart(10)} blobs`);

    const result = await prune(await openRepo(repoDir));
    expect(result.stats.blobs.duplicate).toBe(dry.stats.blobs.duplicate);
    await expectResticClean(repoDir);
    const after = await resticOk(repoDir, ["prune", "--dry-run", "-v"]);
    expect(after).not.toContain("duplicates:");
    expect(after).toMatch(/to repack:\s+0 blobs/);
    const snaps = JSON.parse(await resticOk(repoDir, ["snapshots", "--json"])) as { id: string }[];
    for (const s of snaps) await expectRestores(work, repoDir, s.id, v2);
  });

  it("refuses to prune when a snapshot needs a blob the index lacks", async () => {
    const repoDir = path.join(work, "missing");
    const repo = await createRepo(repoDir, 256 * KiB);
    await snapshotOf(repo, v1);
    // A restic prune of an index with a hole: remove the only index file's claim by deleting it.
    const { index } = await repoFiles(repoDir);
    const { rm } = await import("node:fs/promises");
    for (const f of index) await rm(path.join(repoDir, "index", f), { force: true });
    const before = await repoFiles(repoDir);
    await expect(prune(await openRepo(repoDir))).rejects.toThrow(/not in the index/);
    expect(await repoFiles(repoDir)).toEqual(before);
  });
});
