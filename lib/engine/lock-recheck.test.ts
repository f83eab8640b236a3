// Backup and prune start working once their lock file is stored, during restic's 200 ms re-check.
// A conflicting lock found by the re-check must stop them before they change what the repository
// means: no index, no snapshot, no deletion, and no lock of theirs left behind.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, tempDir } from "@/test-support/restic";
import { backup } from "./backup";
import { isEngineError } from "./errors";
import { listLocks, whileLocked } from "./lock";
import { prune } from "./prune";
import { createRepo, names, openRepo, repoFiles, snapshotOf, writeRandomFiles } from "./prune/fixture";
import type { Repository } from "./repository";
import { formatGoTime } from "./time";

/** Stores another host's exclusive lock as soon as a lock file of ours appears. */
async function conflictAfterOurLock(repoDir: string, repo: Repository): Promise<void> {
  const locks = path.join(repoDir, "locks");
  while ((await fs.readdir(locks)).length === 0) await new Promise((r) => setTimeout(r, 2));
  const lock = {
    time: formatGoTime(new Date()),
    exclusive: true,
    hostname: "elsewhere",
    username: "x",
    pid: 1,
  };
  await repo.saveUnpacked("locks", JSON.stringify(lock));
}

describe("work during the lock's re-check", () => {
  let work: string;
  beforeAll(async () => {
    work = await tempDir("lifeboat-lock-recheck-");
    await writeRandomFiles(path.join(work, "data"), names("f", 8), 256 * 1024);
  });
  afterAll(() => removeDir(work));

  it("a backup that meets a conflicting lock stops without an index or a snapshot", async () => {
    const repoDir = path.join(work, "backup-repo");
    const repo = await createRepo(repoDir);
    const before = await repoFiles(repoDir);
    const [result] = await Promise.allSettled([
      backup(repo, [path.join(work, "data")], { parent: null }),
      conflictAfterOurLock(repoDir, repo),
    ]);
    expect(result.status).toBe("rejected");
    expect(isEngineError((result as PromiseRejectedResult).reason, "locked")).toBe(true);
    expect((await repoFiles(repoDir)).index).toEqual(before.index);
    expect(await fs.readdir(path.join(repoDir, "snapshots"))).toEqual([]);
    expect((await listLocks(repo)).map((l) => l.hostname)).toEqual(["elsewhere"]);
  });

  it("a prune that meets a conflicting lock deletes nothing", async () => {
    const repoDir = path.join(work, "prune-repo");
    const repo = await createRepo(repoDir);
    await snapshotOf(repo, path.join(work, "data"));
    await fs.rm(path.join(repoDir, "snapshots"), { recursive: true });
    await fs.mkdir(path.join(repoDir, "snapshots"));
    const before = await repoFiles(repoDir);
    const fresh = await openRepo(repoDir);
    const [result] = await Promise.allSettled([prune(fresh), conflictAfterOurLock(repoDir, fresh)]);
    expect(result.status).toBe("rejected");
    expect(isEngineError((result as PromiseRejectedResult).reason, "locked")).toBe(true);
    expect(await repoFiles(repoDir)).toEqual(before);
    expect((await listLocks(fresh)).map((l) => l.hostname)).toEqual(["elsewhere"]);
  });

  it("work under whileLocked (restores, drills) holds off prune, and stops if its lock is refused", async () => {
    const repoDir = path.join(work, "restore-repo");
    const repo = await createRepo(repoDir);
    await snapshotOf(repo, path.join(work, "data"));
    // While it runs, an exclusive lock (prune's) is refused.
    const pruneMeanwhile = await whileLocked(repo, { exclusive: false }, async () =>
      prune(await openRepo(repoDir)).catch((e) => e),
    );
    expect(isEngineError(pruneMeanwhile, "locked")).toBe(true);
    expect(await listLocks(repo)).toEqual([]);
    // A conflicting lock found by the re-check aborts the work's signal and is what it reports.
    let aborted = false;
    const refused = await Promise.allSettled([
      whileLocked(
        repo,
        { exclusive: false },
        (signal) =>
          new Promise((resolve) =>
            signal.addEventListener("abort", () => {
              aborted = true;
              resolve(true);
            }),
          ),
      ),
      conflictAfterOurLock(repoDir, repo),
    ]);
    expect(aborted).toBe(true);
    expect(isEngineError((refused[0] as PromiseRejectedResult).reason, "locked")).toBe(true);
    // Under another's exclusive lock the work never starts.
    let started = false;
    const blocked = await whileLocked(repo, { exclusive: false }, async () => {
      started = true;
    }).catch((e) => e);
    expect(isEngineError(blocked, "locked")).toBe(true);
    expect(started).toBe(false);
  });
});
