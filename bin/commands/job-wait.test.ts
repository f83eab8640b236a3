// `--wait` on PostgreSQL with no worker that can take the job: the CLI says so within seconds,
// naming the command that starts one, instead of sitting at "queued: 0 files, 0 B" forever.
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workerApplicationName } from "@/db/owner";
import { assets, jobs, policyAssets } from "@/db/schema";
import { createTestPostgres, type TestDatabase } from "@/db/testing";
import { runCli } from "@/test-support/cli";
import { skipWithoutPostgres } from "@/test-support/external";
import {
  createDirectoryAsset,
  createPolicy,
  createRepositoryFixture,
  writeTree,
} from "@/test-support/job-kinds";
import { removeDir, tempDir } from "@/test-support/restic";

const SECRET = "lifeboat job kinds test secret, long enough to be a key";
const noPostgres = await skipWithoutPostgres();

describe.skipIf(noPostgres)("policy run --wait without a live worker (scaled shape)", () => {
  let t: TestDatabase;
  let work: string;

  const lifeboat = (args: string[]) =>
    runCli(args, {
      ...process.env,
      DATABASE_URL: t.location.databaseUrl,
      LIFEBOAT_SECRET: SECRET,
      LIFEBOAT_DATA_DIR: path.join(work, "data"),
    });

  beforeAll(async () => {
    t = await createTestPostgres();
    work = await tempDir("lifeboat-job-wait-");
    const site = path.join(work, "site");
    await writeTree(site, { "a.txt": "a" });
    const fx = await createRepositoryFixture(t, work);
    const asset = await createDirectoryAsset(t, site, "site");
    const policy = await createPolicy(t, fx.repositoryId, { keepLast: 5 });
    await t.db.insert(policyAssets).values({ policyId: policy.id, assetId: asset.id });
  });
  afterAll(async () => {
    await t?.destroy();
    if (work) await removeDir(work);
  });

  it("says so within seconds and names `lifeboat worker`; the job stays queued", {
    timeout: 60_000,
  }, async () => {
    const started = Date.now();
    const result = await lifeboat(["policy", "run", "nightly", "--wait"]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /no worker is running that can take backup job [0-9a-f-]{36}; it stays queued/,
    );
    expect(result.stderr).toContain("`npm run lifeboat -- worker`");
    const queued = await t.db.select({ status: jobs.status }).from(jobs);
    expect(queued.map((j) => j.status)).toEqual(["queued"]);
  });

  it("names the host a bound asset needs when only other hosts have workers", {
    timeout: 60_000,
  }, async () => {
    await t.db.update(assets).set({ host: "db-host" }).where(eq(assets.name, "site"));
    // A worker elsewhere, as `lifeboat worker --host app-host` connects.
    const { default: postgres } = await import("postgres");
    const other = postgres(t.location.databaseUrl as string, {
      max: 1,
      connection: { application_name: workerApplicationName("app-host") },
    });
    await other`select 1`;
    try {
      const result = await lifeboat(["policy", "run", "nightly", "--wait"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("for host db-host (workers are running for app-host)");
      expect(result.stderr).toContain("`npm run lifeboat -- worker --host db-host`");
    } finally {
      await other.end();
    }
  });
});
