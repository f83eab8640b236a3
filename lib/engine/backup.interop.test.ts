import fs from "node:fs/promises";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffTrees } from "@/test-support/compare-trees";
import { makeEdgeTree } from "@/test-support/edge-tree";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, restic, resticOk, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { LocalBackend } from "./backend/local";
import { backup } from "./backup";
import { dumpFile } from "./dump";
import { findNode } from "./ls";
import { Repository } from "./repository";
import { restore } from "./restore";
import { findSnapshot } from "./snapshot";

const skip = skipWithoutRestic();
/** Node sets mtimes through a double (a few hundred ns of rounding); symlinks via lutimes, to the microsecond. */
const NODE_MTIME_TOLERANCE = 2000n;

describe.skipIf(skip)("Lifeboat and restic read each other's backups", () => {
  let work: string;
  let src: string;

  beforeAll(async () => {
    work = await tempDir();
    src = path.join(work, "src");
    await makeEdgeTree(src, { bigFileBytes: 6 * 1024 * 1024 });
  });
  afterAll(() => removeDir(work));

  for (const compression of ["auto", "off"] as const) {
    it(`restic checks and restores a Lifeboat backup exactly (compression ${compression})`, async () => {
      const repoDir = path.join(work, `lb-${compression}`);
      const repo = await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, { kdf: TEST_KDF });
      repo.compression = compression;
      const summary = await backup(repo, [src], { workers: 2 });
      expect(summary.errors).toEqual([]);
      expect(summary.filesNew).toBe(15); // every regular file of the edge tree, hard link included

      const check = await restic(repoDir, ["check", "--read-data"]);
      expect(check.code, check.stderr).toBe(0);
      expect(check.stdout).toContain("no errors were found");

      const out = path.join(work, `restic-restore-${compression}`);
      await resticOk(repoDir, ["restore", "latest", "--target", out]);
      // restic restores what Lifeboat recorded to the nanosecond.
      expect(await diffTrees(src, path.join(out, src))).toEqual([]);

      // Same chunking: restic finds no new data. Same tree bytes: the backed-up folder has the
      // same tree ID in both snapshots (only the folders above it changed meanwhile).
      const again = await resticOk(repoDir, ["backup", "--force", "--json", src]);
      const resticSummary = JSON.parse(again.trim().split("\n").at(-1) as string);
      expect(resticSummary.data_blobs).toBe(0);
      await repo.loadIndex();
      const theirs = await findSnapshot(repo, resticSummary.snapshot_id);
      const ours = await findSnapshot(repo, summary.snapshotId);
      expect((await findNode(repo, theirs, src)).subtree).toBe((await findNode(repo, ours, src)).subtree);
    });
  }

  it("restores a restic backup of a changed tree exactly", async () => {
    const changed = path.join(work, "changed");
    await makeEdgeTree(changed);
    const repoDir = path.join(work, "restic-made");
    await resticOk(repoDir, ["init"]);
    await resticOk(repoDir, ["backup", changed]);
    await fs.writeFile(path.join(changed, "plain.txt"), "changed content\n");
    await fs.rm(path.join(changed, "dir", "random.bin"));
    await fs.writeFile(path.join(changed, "dir", "new-file"), "new\n".repeat(1000));
    // Another owner, and a mode the umask would strip: both must come back (as root).
    await fs.writeFile(path.join(changed, "owned"), "someone else's\n");
    await fs.chown(path.join(changed, "owned"), 65534, 65534);
    await fs.chmod(path.join(changed, "owned"), 0o666);
    await resticOk(repoDir, ["backup", changed]);

    const repo = await Repository.open(new LocalBackend(repoDir), TEST_PASSWORD);
    const out = path.join(work, "lb-restore");
    const result = await restore(repo, await findSnapshot(repo, "latest"), out);
    expect(result.errors).toEqual([]);
    expect(
      await diffTrees(changed, path.join(out, changed), { mtimeToleranceNs: NODE_MTIME_TOLERANCE }),
    ).toEqual([]);
    const owned = await fs.stat(path.join(out, changed, "owned"));
    expect(owned.mode & 0o7777).toBe(0o666);
    if (process.getuid?.() === 0) expect([owned.uid, owned.gid]).toEqual([65534, 65534]);
  });

  for (const compression of ["off", "max"] as const) {
    it(`restores and dumps a restic backup written with --compression ${compression}`, async () => {
      const repoDir = path.join(work, `restic-${compression}`);
      await resticOk(repoDir, ["init"]);
      await resticOk(repoDir, ["backup", "--compression", compression, src]);
      const repo = await Repository.open(new LocalBackend(repoDir), TEST_PASSWORD);
      const snapshot = await findSnapshot(repo, "latest");
      const out = path.join(work, `lb-restore-restic-${compression}`);
      const result = await restore(repo, snapshot, out);
      expect(result.errors).toEqual([]);
      expect(await diffTrees(src, path.join(out, src), { mtimeToleranceNs: NODE_MTIME_TOLERANCE })).toEqual(
        [],
      );
      const big = path.join(src, "dir", "random.bin");
      expect((await buffer(await dumpFile(repo, snapshot, big))).equals(await fs.readFile(big))).toBe(true);
    });
  }

  it("restores only the included paths, and refuses to clobber without overwrite", async () => {
    const repoDir = path.join(work, "lb-auto");
    const repo = await Repository.open(new LocalBackend(repoDir), TEST_PASSWORD);
    const snapshot = await findSnapshot(repo, "latest");
    const out = path.join(work, "partial");
    const inside = path.join(src, "dir", "nested");
    await restore(repo, snapshot, out, { include: [inside] });
    expect(
      await diffTrees(inside, path.join(out, inside), { mtimeToleranceNs: NODE_MTIME_TOLERANCE }),
    ).toEqual([]);
    await expect(fs.stat(path.join(out, src, "plain.txt"))).rejects.toThrow();

    const again = await restore(repo, snapshot, out, { include: [inside] });
    expect(again.errors.length).toBeGreaterThan(0);
    expect(again.errors[0].message).toMatch(/EEXIST|exists/);
    const forced = await restore(repo, snapshot, out, { include: [inside], overwrite: true });
    expect(forced.errors).toEqual([]);
  });

  it("deduplicates an incremental backup against its parent", async () => {
    const repoDir = path.join(work, "lb-incremental");
    const repo = await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, { kdf: TEST_KDF });
    const first = await backup(repo, [src]);
    await fs.appendFile(path.join(src, "plain.txt"), "one more line\n");
    const second = await backup(repo, [src]);
    expect(second.parent).toBe(first.snapshotId);
    expect(second.filesChanged).toBe(2); // plain.txt and its hard link
    expect(second.filesUnmodified).toBe(first.filesNew - 2);
    expect(second.dataBlobs).toBe(1);
    expect((await restic(repoDir, ["check"])).code).toBe(0);
  });

  it("stores a chunk once when several workers meet it in the same backup", async () => {
    // Copies of one file, small and multi-chunk, spread over the workers: each may seal a
    // copy's chunks, but the repository gets each chunk once, and the other copies name it.
    const copies = path.join(work, "copies");
    await fs.mkdir(copies);
    const small = Buffer.from("the same small file\n".repeat(500));
    const large = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < large.length; i += 4) large.writeUInt32LE((i * 2654435761) >>> 0, i);
    for (let i = 0; i < 40; i++) {
      await fs.writeFile(path.join(copies, `small-${i}`), small);
      await fs.writeFile(path.join(copies, `large-${i}`), large);
    }
    const repoDir = path.join(work, "lb-copies");
    const repo = await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, { kdf: TEST_KDF });
    const summary = await backup(repo, [copies], { workers: 3 });
    expect(summary.errors).toEqual([]);
    expect(summary.filesNew).toBe(80);
    const largeNode = await findNode(
      repo,
      await findSnapshot(repo, summary.snapshotId),
      path.join(copies, "large-7"),
    );
    const distinct = new Set(largeNode.content).size + 1; // and the small file's one chunk
    expect(summary.dataBlobs).toBe(distinct);
    const check = await restic(repoDir, ["check", "--read-data"]);
    expect(check.code, check.stderr).toBe(0);
    const again = await resticOk(repoDir, ["backup", "--force", "--json", copies]);
    expect(JSON.parse(again.trim().split("\n").at(-1) as string).data_blobs).toBe(0);
  });
});
