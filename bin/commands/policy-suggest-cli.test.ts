// `policy suggest` as a user runs it: real CLI processes on the embedded database, seeded with
// a month of measured history (a backup every 6 hours, each adding 1.5 GB of a 100 GB asset
// stored as 60 GB). The recommendation must be the library's for that history, exit 1 with the
// failing constraint when none fits, and refuse bad flags in one line.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { jobs, restorePoints } from "@/db/schema";
import type { TestDatabase } from "@/db/testing";
import { factsFromHistory, type RunSample, recommend } from "@/lib/advisor";
import { runCli } from "@/test-support/cli";
import { createDirectoryAsset, createRepositoryFixture } from "@/test-support/job-kinds";
import { removeDir, tempDir } from "@/test-support/restic";

const SECRET = "lifeboat job kinds test secret, long enough to be a key";
const GB = 1e9;
const HOUR = 3_600_000;

describe("policy suggest on the embedded database", () => {
  let work: string;
  const samples: RunSample[] = [];

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
    work = await tempDir("lifeboat-suggest-cli-");
    const handle = await openDb({ dataDir: path.join(work, "data") });
    const t = handle as unknown as TestDatabase;
    const fx = await createRepositoryFixture(t, work);
    const asset = await createDirectoryAsset(t, work, "site");
    const start = Date.UTC(2026, 10, 1);
    for (let i = 0; i < 120; i++) {
      const time = new Date(start + i * 6 * HOUR);
      const bytesAdded = i === 0 ? 60 * GB : 1.5 * GB;
      const seconds = i === 0 ? 1200 : 600;
      const [job] = await t.db
        .insert(jobs)
        .values({
          kind: "backup",
          status: "succeeded",
          assetId: asset.id,
          source: "schedule",
          startedAt: time,
          finishedAt: new Date(time.getTime() + seconds * 1000),
        })
        .returning();
      await t.db.insert(restorePoints).values({
        assetId: asset.id,
        repositoryId: fx.repositoryId,
        snapshotId: i.toString(16).padStart(64, "0"),
        time,
        sizeBytes: 100 * GB,
        bytesAdded,
        jobId: job!.id,
      });
      samples.push({ time, sizeBytes: 100 * GB, bytesAdded, durationSeconds: seconds });
    }
    await handle.close();
  }, 120_000);
  afterAll(async () => {
    if (work) await removeDir(work);
  });

  it("prints the library's recommendation for the measured history", { timeout: 120_000 }, async () => {
    const { facts } = factsFromHistory(samples);
    // By hand: 1.5 GB every 6 h is 0.25 GB an hour; 100 GB stored at the first run's 60/100.
    expect(facts.changePerHour).toBeCloseTo(0.25 * GB, 0);
    expect(facts.storedBytes).toBeCloseTo(60 * GB, 0);
    const expected = recommend({
      history: samples,
      constraints: { rpoHours: 12, keepDays: 90 },
      preference: "balanced",
    });
    if (!expected.feasible) throw new Error("expected a feasible plan");

    const json = await lifeboat([
      "policy",
      "suggest",
      "--asset",
      "site",
      "--rpo-hours",
      "12",
      "--keep-days",
      "90",
      "--json",
    ]);
    expect(json.stderr).toBe("");
    expect(json.code).toBe(0);
    const got = JSON.parse(json.stdout);
    expect(got.feasible).toBe(true);
    expect(got.measured).toBe(true);
    expect(got.plan.cron).toBe(expected.plan.cron);
    expect(got.plan.retention).toEqual(expected.plan.retention);
    expect(got.plan.storage.days365).toBeCloseTo(expected.plan.storage.days365, 0);
    expect(got.plan.maxGapHours).toBeLessThanOrEqual(12);
    expect(got.plan.reachDays).toBeGreaterThanOrEqual(90);
    expect(got.alternatives.length).toBeGreaterThanOrEqual(2);

    const text = await lifeboat([
      "policy",
      "suggest",
      "--asset",
      "site",
      "--rpo-hours",
      "12",
      "--keep-days",
      "90",
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`schedule:     ${expected.plan.cron}`);
    expect(text.stdout).toMatch(
      /balanced: α=1, β=1 — avoiding 1 GB of possible data loss is worth 1.00 a month/,
    );
    expect(text.stdout).toMatch(/storage: .* after 30 days, .* after 90, .* after 365/);
    expect(text.stdout).toMatch(/data loss: +expected [\d.]+ GB, worst case [\d.]+ GB/);
    expect(text.stdout).toMatch(/6.00 GB\/day change/);
  });

  it("exits 1 naming the failing constraint and the shortfall", { timeout: 120_000 }, async () => {
    // Window 01:00-01:20: the smallest run (a day's change, 6 GB) takes longer than 20 minutes.
    const r = await lifeboat(["policy", "suggest", "--asset", "site", "--window", "01:00-01:20"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/no schedule and retention meets the constraints/);
    expect(r.stderr).toMatch(
      /^lifeboat: no feasible policy: the window: the longest run needs .* but has 20 min \(short by .*\)\n$/,
    );
  });

  it("refuses bad flags and unknown assets in one line", { timeout: 120_000 }, async () => {
    const noAsset = await lifeboat(["policy", "suggest"]);
    expect(noAsset).toMatchObject({ code: 1, stdout: "" });
    expect(noAsset.stderr).toMatch(/--asset is required/);
    const bad = await lifeboat(["policy", "suggest", "--asset", "site", "--window", "1-2"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/HH:MM-HH:MM/);
    const unknown = await lifeboat(["policy", "suggest", "--asset", "nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
  });
});
