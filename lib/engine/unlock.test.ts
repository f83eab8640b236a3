// unlock removes what restic would call stale and keeps live locks unless asked to remove all.
import { type ChildProcess, spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, restic, tempDir } from "@/test-support/restic";
import { listLocks } from "./lock";
import { createRepo, lifeboat, openRepo } from "./prune/fixture";
import type { Repository } from "./repository";
import { formatGoTime } from "./time";
import { unlock } from "./unlock";

function lockJson(time: Date, pid: number, hostname = os.hostname()): string {
  return JSON.stringify({ time: formatGoTime(time), exclusive: false, hostname, username: "test", pid });
}

describe.skipIf(skipWithoutRestic())("unlock", () => {
  let work: string;
  let repoDir: string;
  let repo: Repository;
  // restic 0.14 probes a local lock holder with SIGHUP (not signal 0): the live holder must ignore it.
  let holder: ChildProcess;
  beforeAll(async () => {
    holder = spawn("sh", ["-c", "trap '' HUP; exec sleep 120"], { stdio: "ignore" });
    work = await tempDir("lifeboat-unlock-");
    repoDir = path.join(work, "repo");
    await createRepo(repoDir);
    repo = await openRepo(repoDir);
  });
  afterAll(async () => {
    holder.kill("SIGKILL");
    await removeDir(work);
  });

  it("removes locks older than 30 minutes and locks of dead local processes, keeps live ones", async () => {
    const old = await repo.saveUnpacked(
      "locks",
      lockJson(new Date(Date.now() - 31 * 60_000), process.pid, "elsewhere"),
    );
    const dead = await repo.saveUnpacked("locks", lockJson(new Date(), 2 ** 22 + 12345));
    const live = await repo.saveUnpacked("locks", lockJson(new Date(), holder.pid as number));
    const remote = await repo.saveUnpacked("locks", lockJson(new Date(), 1, "elsewhere"));

    const removed = await unlock(repo);
    expect(removed.map((l) => l.id).sort()).toEqual([old, dead].sort());
    expect((await listLocks(repo)).map((l) => l.id).sort()).toEqual([live, remote].sort());
    // restic agrees the remaining ones are not stale: its unlock leaves them.
    expect((await restic(repoDir, ["unlock"])).code).toBe(0);
    expect((await listLocks(repo)).map((l) => l.id).sort()).toEqual([live, remote].sort());

    const cli = lifeboat(["unlock", "--repo", repoDir, "--remove-all"]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(live.slice(0, 8));
    expect(cli.stdout).toContain(remote.slice(0, 8));
    expect(await listLocks(repo)).toEqual([]);
  });
});
