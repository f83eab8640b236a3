// The browsing caches on a real repository: a tree is parsed once per ID (the same array comes
// back), a kept repository is reused between calls, and one whose index files were replaced (a
// prune) is opened afresh.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { backup, LocalBackend, loadSnapshot, Repository } from "@/lib/engine";
import type { RepositoryRow } from "@/lib/jobs/open-repository";
import { testSecrets, writeTree } from "@/test-support/job-kinds";
import { removeDir, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import {
  cachedFindNode,
  cachedTree,
  forgetRepository,
  keepRepositoriesOpen,
  openIndexedRepository,
  releaseRepository,
} from "./repository-cache";

describe("repository cache", () => {
  let work: string;
  let repoDir: string;
  let snapshotId: string;
  let row: RepositoryRow;

  beforeAll(async () => {
    work = await tempDir("lifeboat-repo-cache-");
    repoDir = path.join(work, "repo");
    const site = path.join(work, "site");
    await writeTree(site, { "a/one.txt": "1\n", "a/two.txt": "2\n", "b.txt": "b\n" });
    const repo = await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, { kdf: TEST_KDF });
    snapshotId = (await backup(repo, [site])).snapshotId;
    row = {
      id: "00000000-0000-4000-8000-000000000001",
      url: repoDir,
      passwordEncrypted: testSecrets.encrypt(TEST_PASSWORD),
      credentialsEncrypted: null,
    } as RepositoryRow;
    keepRepositoriesOpen(true);
  });
  afterAll(async () => {
    keepRepositoriesOpen(false);
    vi.useRealTimers();
    if (work) await removeDir(work);
  });

  it("parses a tree once per ID and walks paths through the cache", async () => {
    const repo = await openIndexedRepository(row, testSecrets);
    const snapshot = await loadSnapshot(repo, snapshotId);
    const folder = await cachedFindNode(repo, row.id, snapshot, path.join(work, "site", "a"));
    expect(folder.type).toBe("dir");
    const first = await cachedTree(repo, row.id, folder.subtree as string);
    expect(first.map((n) => n.name)).toEqual(["one.txt", "two.txt"]);
    expect(await cachedTree(repo, row.id, folder.subtree as string)).toBe(first);
    await expect(cachedFindNode(repo, row.id, snapshot, path.join(work, "site", "nope"))).rejects.toThrow(
      /does not exist/,
    );
    releaseRepository(repo);
  });

  it("keeps a repository open, and opens it afresh once its index files are replaced", async () => {
    const one = await openIndexedRepository(row, testSecrets);
    expect(await openIndexedRepository(row, testSecrets)).toBe(one);
    forgetRepository(row);
    const two = await openIndexedRepository(row, testSecrets);
    expect(two).not.toBe(one);
    // A prune writes new index files and deletes the old ones; the kept copy notices on its next
    // index check (at most every 10 s) and is replaced.
    await fs.rm(path.join(repoDir, "index"), { recursive: true });
    await fs.mkdir(path.join(repoDir, "index"));
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 11_000);
    const three = await openIndexedRepository(row, testSecrets);
    expect(three).not.toBe(two);
    expect(three.index.files.size).toBe(0);
  });
});
