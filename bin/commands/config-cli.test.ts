// The repository, asset and policy commands as a script would use them: a real CLI process on a
// throwaway PostgreSQL database, --json on stdout, one-line errors and exit 1 on bad input.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { createTestPostgres, type TestDatabase } from "@/db/testing";
import { tableCounts } from "@/lib/services/config.fixture";
import { runCli } from "@/test-support/cli";
import { skipWithoutPostgres } from "@/test-support/external";

const noPostgres = await skipWithoutPostgres();
const PASSWORD = "cli repository password";

describe.skipIf(noPostgres)("repository, asset and policy commands", () => {
  let t: TestDatabase;
  let dir: string;

  async function lifeboat(args: string[], extraEnv: Record<string, string> = {}) {
    return runCli(args, {
      ...process.env,
      DATABASE_URL: t.location.databaseUrl,
      LIFEBOAT_SECRET: "cli-test-secret-".repeat(3),
      LIFEBOAT_DATA_DIR: path.join(dir, "data"),
      LIFEBOAT_PASSWORD: "",
      RESTIC_PASSWORD: "",
      ...extraEnv,
    });
  }

  beforeAll(async () => {
    t = await createTestPostgres();
    dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-config-cli-"));
    await mkdir(path.join(dir, "etc"));
    await writeFile(path.join(dir, "password"), `${PASSWORD}\n`);
  });
  afterAll(async () => {
    await t?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("adds and lists a repository, an asset and a policy; refuses bad input with exit 1", async () => {
    const repoUrl = path.join(dir, "repo");
    const added = await lifeboat([
      "repository",
      "add",
      "--name",
      "main",
      "--url",
      repoUrl,
      "--password-file",
      path.join(dir, "password"),
      "--init",
      "--json",
    ]);
    expect(added.stderr).toBe("");
    expect(JSON.parse(added.stdout)).toMatchObject({ name: "main", url: repoUrl, isDefault: true });

    const wrong = await lifeboat(["repository", "add", "--name", "again", "--url", repoUrl], {
      LIFEBOAT_PASSWORD: "not it",
    });
    expect(wrong).toMatchObject({ code: 1, stdout: "" });
    expect(wrong.stderr).toBe(`lifeboat: wrong password for the repository at ${repoUrl}\n`);

    const listed = await lifeboat(["repository", "list", "--json"]);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name: "main" })]);
    expect(listed.stdout).not.toMatch(/password|lb1:/i);

    const asset = await lifeboat([
      "asset",
      "add",
      "--kind",
      "directory",
      "--name",
      "etc",
      "--path",
      path.join(dir, "etc"),
      "--exclude",
      "*.tmp",
    ]);
    expect(asset).toMatchObject({ code: 0, stderr: "" });
    expect(asset.stdout).toMatch(/added directory asset etc/);
    const missing = await lifeboat([
      "asset",
      "add",
      "--kind",
      "directory",
      "--name",
      "x",
      "--path",
      path.join(dir, "nope"),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^lifeboat: cannot protect the folder: .*nope does not exist\n$/);

    const before = await tableCounts(t);
    const badCron = await lifeboat([
      "policy",
      "create",
      "--name",
      "nightly",
      "--assets",
      "etc",
      "--schedule",
      "0 0 2 * * *",
      "--keep-daily",
      "7",
    ]);
    expect(badCron.code).toBe(1);
    expect(badCron.stderr.trim().split("\n")).toHaveLength(1);
    expect(badCron.stderr).toMatch(
      /^lifeboat: schedule: "0 0 2 \* \* \*" is not a cron schedule: it has 6 fields/,
    );
    const noRule = await lifeboat([
      "policy",
      "create",
      "--name",
      "nightly",
      "--assets",
      "etc",
      "--schedule",
      "0 2 * * *",
    ]);
    expect(noRule.code).toBe(1);
    expect(noRule.stderr).toMatch(/^lifeboat: retention: a retention needs at least one rule/);
    expect(await tableCounts(t)).toEqual(before);

    const created = await lifeboat([
      "policy",
      "create",
      "--name",
      "nightly",
      "--assets",
      "etc",
      "--schedule",
      "0 2 * * *",
      "--tz",
      "Europe/Berlin",
      "--keep-daily",
      "7",
      "--keep-within",
      "30d",
      "--window",
      "01:00-05:00",
      "--json",
    ]);
    expect(created.stderr).toBe("");
    expect(JSON.parse(created.stdout)).toMatchObject({
      name: "nightly",
      timezone: "Europe/Berlin",
      retention: { daily: 7, withinDays: 30 },
      windowStart: "01:00",
      windowEnd: "05:00",
      repository: { name: "main" },
      assets: [expect.objectContaining({ name: "etc" })],
    });
    const policies = await lifeboat(["policy", "list", "--json"]);
    const [policy] = JSON.parse(policies.stdout);
    expect(policy).toMatchObject({ name: "nightly", enabled: true });
    expect(Date.parse(policy.nextRunAt)).toBeGreaterThan(Date.now());

    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.source, "cli"));
    expect(events.map((e) => e.action).sort()).toEqual([
      "asset.create",
      "policy.create",
      "repository.create",
    ]);
  });
});
