// Verification drills of folders: a sound restore point passes, a damaged pack fails with the
// reason, entries restores never recreate are not failures, and scratch space is always removed.
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findSnapshot, LocalBackend, loadSnapshot, Repository } from "@/lib/engine";
import { TEST_PASSWORD } from "@/test-support/restic";
import { backupDirectory, verifyDirectory } from "./index";
import { backupOpts, corruptLargestPack, makeSite, type SiteFixture } from "./testdata/site";
import type { DirectorySource } from "./types";

let fx: SiteFixture;
let work: string;
let repo: Repository;
let source: DirectorySource;

beforeEach(async () => {
  fx = await makeSite();
  ({ work, repo, source } = fx);
});
afterEach(async () => {
  await fx.cleanup();
});

describe("directory drills", () => {
  it("a drill passes on a sound repository and fails, with the reason, on a corrupted pack", async () => {
    await backupDirectory(repo, source, backupOpts);
    const snapshot = await findSnapshot(repo, "latest");
    const good = await verifyDirectory(repo, snapshot, source, {});
    expect(good).toMatchObject({ ok: true, filesChecked: 3, problems: [] });

    await corruptLargestPack(fx.repoDir);
    const fresh = await Repository.open(new LocalBackend(fx.repoDir), TEST_PASSWORD);
    const scratchDir = path.join(work, "scratch");
    await fs.mkdir(scratchDir);
    const bad = await verifyDirectory(fresh, snapshot, source, { scratchDir });
    expect(bad.ok).toBe(false);
    expect(bad.problems.join("\n")).toMatch(/ciphertext verification failed|content differs|restore failed/);
    expect(await fs.readdir(scratchDir)).toEqual([]);
  });

  it("a damaged tree fails the drill with the reason instead of crashing it", async () => {
    const { snapshotId } = await backupDirectory(repo, source, backupOpts);
    const snapshot = await loadSnapshot(repo, snapshotId);
    // Flip a byte inside the snapshot's root tree, wherever its pack put it.
    const [packId, blobs] =
      [...repo.index.packs()].find(([, b]) => b.some((x) => x.id === snapshot.tree)) ?? [];
    const blob = blobs?.find((x) => x.id === snapshot.tree);
    if (!packId || !blob) throw new Error("the root tree is not indexed");
    const pack = path.join(fx.repoDir, "data", packId.slice(0, 2), packId);
    const bytes = await fs.readFile(pack);
    bytes[blob.offset + 20] = (bytes[blob.offset + 20] as number) ^ 0xff;
    await fs.chmod(pack, 0o600);
    await fs.writeFile(pack, bytes);

    const fresh = await Repository.open(new LocalBackend(fx.repoDir), TEST_PASSWORD);
    const bad = await verifyDirectory(fresh, snapshot, source, { scratchDir: work });
    expect(bad.ok).toBe(false);
    expect(bad.problems.join("\n")).toMatch(/restore failed: .*(ciphertext verification failed|corrupt)/);
    expect((await fs.readdir(work)).filter((n) => n.startsWith("lifeboat-drill-"))).toEqual([]);
  });

  it("a drill passes over a socket in the folder, which restores do not recreate", async () => {
    const socketPath = path.join(source.path, "app.sock");
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const { snapshotId } = await backupDirectory(repo, source, backupOpts);
      const logs: string[] = [];
      const drill = await verifyDirectory(repo, await loadSnapshot(repo, snapshotId), source, {
        log: (l) => logs.push(l),
      });
      expect(drill).toMatchObject({ ok: true, filesChecked: 3, problems: [] });
      expect(logs.join("\n")).toMatch(/app\.sock is a socket/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("cancelling a drill throws and still removes its scratch folder; abandoned ones go too", async () => {
    const { snapshotId } = await backupDirectory(repo, source, backupOpts);
    const snapshot = await loadSnapshot(repo, snapshotId);
    const scratchDir = path.join(work, "scratch");
    // A drill killed two days ago left its scratch folder; one running now must be left alone.
    const abandoned = path.join(scratchDir, "lifeboat-drill-killed");
    const running = path.join(scratchDir, "lifeboat-drill-running");
    await fs.mkdir(abandoned, { recursive: true });
    await fs.mkdir(running);
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
    await fs.utimes(abandoned, twoDaysAgo, twoDaysAgo);
    const controller = new AbortController();
    controller.abort();
    await expect(
      verifyDirectory(repo, snapshot, source, { scratchDir, signal: controller.signal }),
    ).rejects.toThrow();
    expect(await fs.readdir(scratchDir)).toEqual(["lifeboat-drill-running"]);
  });
});
