// The point, job and policy-run commands as a script uses them, on the embedded database: real
// CLI processes, where `--wait` must run the job in the CLI itself (no other process can open
// the PGlite folder). A backup and a restore with --wait, then list, browse, search, show,
// cancel and wait, with --json on stdout and one-line errors with exit 1.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { policyAssets } from "@/db/schema";
import type { TestDatabase } from "@/db/testing";
import { runCli } from "@/test-support/cli";
import {
  createDirectoryAsset,
  createPolicy,
  createRepositoryFixture,
  writeTree,
} from "@/test-support/job-kinds";
import { removeDir, tempDir } from "@/test-support/restic";

// The key of test-support/job-kinds's secret box, which encrypted the repository password.
const SECRET = "lifeboat job kinds test secret, long enough to be a key";

describe("point and job commands on the embedded database", () => {
  let work: string;
  let site: string;

  async function lifeboat(args: string[]) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LIFEBOAT_DATA_DIR: path.join(work, "data"),
      LIFEBOAT_SECRET: SECRET,
    };
    delete env.DATABASE_URL;
    return runCli(args, env);
  }

  beforeAll(async () => {
    work = await tempDir("lifeboat-point-cli-");
    site = path.join(work, "srv", "site");
    await writeTree(site, { "etc/nginx/nginx.conf": "worker_processes 2;\n", "index.html": "<h1>hi</h1>\n" });
    // Repository, asset and policy as rows (the config commands have their own test), then closed:
    // the CLI processes open the folder one at a time.
    const handle = await openDb({ dataDir: path.join(work, "data") });
    const t = handle as unknown as TestDatabase;
    const fx = await createRepositoryFixture(t, work);
    const asset = await createDirectoryAsset(t, site, "site");
    const policy = await createPolicy(t, fx.repositoryId, { keepLast: 5 });
    await handle.db.insert(policyAssets).values({ policyId: policy.id, assetId: asset.id });
    await handle.close();
  });
  afterAll(async () => {
    if (work) await removeDir(work);
  });

  it("runs a backup and a restore with --wait, then reads them back", { timeout: 180_000 }, async () => {
    const backup = await lifeboat(["policy", "run", "nightly", "--wait"]);
    expect(backup.stderr).toMatch(/^backup job [0-9a-f-]{36} queued\n/);
    // Progress lines only: the in-process worker's own logs stay quiet.
    expect(backup.stderr).not.toMatch(/"level"/);
    expect(backup).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^backup [0-9a-f-]{36} succeeded\n$/),
    });

    const points = JSON.parse((await lifeboat(["point", "list", "--json"])).stdout);
    expect(points).toEqual([
      expect.objectContaining({ asset: "site", fileCount: 2, verifiedStatus: "unverified" }),
    ]);
    const pointId = points[0].id as string;

    // The 8 leading characters of either ID the list prints name the point, as restic takes IDs.
    const browsed = JSON.parse(
      (await lifeboat(["point", "browse", "--point", pointId.slice(0, 8), "--path", "etc/nginx", "--json"]))
        .stdout,
    );
    const bySnapshot = await lifeboat(["point", "browse", "--point", points[0].snapshotId.slice(0, 8)]);
    expect(bySnapshot).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^TYPE +SIZE +MTIME +PATH\n/),
    });
    // Times in words, read in --tz.
    const recent = await lifeboat([
      "point",
      "list",
      "--after",
      "1 hour ago",
      "--tz",
      "Europe/Berlin",
      "--json",
    ]);
    expect(JSON.parse(recent.stdout)).toHaveLength(1);
    const older = await lifeboat(["point", "list", "--before", "yesterday 14:00", "--json"]);
    expect(JSON.parse(older.stdout)).toEqual([]);
    const tooEarly = await lifeboat(["point", "restore", "--asset", "site", "--at", "yesterday"]);
    expect(tooEarly).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/has no restore point at or before/),
    });
    const unreadable = await lifeboat(["point", "restore", "--asset", "site", "--at", "the day after never"]);
    expect(unreadable).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^lifeboat: --at: cannot read/),
    });
    expect(browsed.entries).toEqual([
      expect.objectContaining({ name: "nginx.conf", type: "file", size: 20 }),
    ]);
    const hits = JSON.parse((await lifeboat(["point", "search", "NGINX.CONF", "--json"])).stdout);
    expect(hits).toEqual([
      expect.objectContaining({ path: `${site}/etc/nginx/nginx.conf`, restorePointId: pointId }),
    ]);

    const target = path.join(work, "restored");
    const restore = await lifeboat([
      "point",
      "restore",
      "--asset",
      "site",
      "--path",
      "etc",
      "--target",
      target,
      "--wait",
    ]);
    expect(restore).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^restore [0-9a-f-]{36} succeeded\n$/),
    });
    expect(await readFile(path.join(target, "etc/nginx/nginx.conf"), "utf8")).toBe("worker_processes 2;\n");
    await expect(readFile(path.join(target, "index.html"))).rejects.toThrow(/ENOENT/);

    // Into the same (now non-empty) folder without --overwrite: the job fails, --wait says why.
    const again = await lifeboat(["point", "restore", "--asset", "site", "--target", target, "--wait"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/lifeboat: restore [0-9a-f-]{36} failed: .*already exists and is not empty/);

    const jobs = JSON.parse((await lifeboat(["job", "list", "--kind", "restore", "--json"])).stdout);
    expect(jobs.map((j: { status: string }) => j.status)).toEqual(["failed", "succeeded"]);
    const shown = await lifeboat(["job", "show", jobs[1].id]);
    expect(shown.stdout).toMatch(/^restore [0-9a-f-]{36} succeeded \(attempt 1\/1\)\n.*restored 1 files/s);
  });

  it("cancels a queued job; waiting on it exits 1; bad input is one line and exit 1", {
    timeout: 120_000,
  }, async () => {
    const queued = await lifeboat(["point", "verify", "--asset", "site"]);
    expect(queued.code).toBe(0);
    const id = queued.stdout.trim();
    expect(await lifeboat(["job", "cancel", id])).toMatchObject({
      code: 0,
      stdout: `job ${id}: cancelled\n`,
    });
    const waited = await lifeboat(["job", "wait", id]);
    expect(waited).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^lifeboat: verify [0-9a-f-]{36} cancelled: cancelled by request$/m),
    });

    const noAsset = await lifeboat(["point", "restore"]);
    expect(noAsset.code).toBe(1);
    expect(noAsset.stderr.trim().split("\n")).toHaveLength(1);
    const badId = await lifeboat(["job", "show", "42"]);
    expect(badId).toMatchObject({ code: 1, stderr: expect.stringMatching(/^lifeboat: .*job ID.*\n$/) });
    const inside = await lifeboat(["point", "restore", "--asset", "site", "--target", path.join(site, "x")]);
    expect(inside).toMatchObject({ code: 1, stderr: expect.stringMatching(/inside the original folder/) });
  });
});
