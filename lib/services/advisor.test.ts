// The advisor's services on PGlite: the preview of a policy's retention on the asset's real
// restore point rows keeps what the engine's rules keep, and the suggestion says when there is no
// history to measure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restorePoints } from "@/db/schema";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import { testContext } from "@/lib/auth/testing";
import { createDirectoryAsset, createRepositoryFixture, testSecrets } from "@/test-support/job-kinds";
import { removeDir, tempDir } from "@/test-support/restic";
import { assetRates, previewPolicyRetention, suggestPolicy } from "./advisor";
import { recommendPolicyForAssistant } from "./advisor-tool";

const HOUR = 3_600_000;
const GB = 1e9;

describe("advisor services", () => {
  let t: TestDatabase;
  let work: string;
  const ctx = () => testContext(t.db, "viewer", testSecrets);
  const start = Date.UTC(2026, 9, 1);

  beforeAll(async () => {
    t = await createTestPglite();
    work = await tempDir("lifeboat-advisor-");
    const fx = await createRepositoryFixture(t, work);
    const asset = await createDirectoryAsset(t, work, "site");
    await createDirectoryAsset(t, `${work}/empty`, "empty");
    // 60 daily points at 02:00 UTC.
    await t.db.insert(restorePoints).values(
      Array.from({ length: 60 }, (_, i) => ({
        assetId: asset.id,
        repositoryId: fx.repositoryId,
        snapshotId: i.toString(16).padStart(64, "0"),
        time: new Date(start + i * 24 * HOUR + 2 * HOUR),
        sizeBytes: 10 * GB,
        bytesAdded: i === 0 ? 5 * GB : 0.24 * GB,
      })),
    );
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    if (work) await removeDir(work);
  });

  it("previews a retention: 7 daily + 4 weekly of the history, then of the new runs", async () => {
    const now = new Date(start + 60 * 24 * HOUR);
    const preview = await previewPolicyRetention(
      ctx(),
      { asset: "site", schedule: "0 2 * * *", retention: { daily: 7, weekly: 4 }, months: 3 },
      now,
    );
    expect(preview.measured).toBe(true);
    // restic counts a week for every kept point's week, daily ones too: 7 days span 2 ISO weeks
    // (1 when they run Monday to Sunday), so 4 weekly add 2 (or 3) older points: 9 or 10 kept.
    for (const m of preview.months) expect([9, 10]).toContain(m.kept);
    expect(preview.runs).toBe(90);
    const last = preview.months.at(-1)!;
    expect(last.oldest!.getTime()).toBeGreaterThan(now.getTime() + 90 * 24 * HOUR - 35 * 24 * HOUR);
    // 0.01 GB an hour of change: 5 GB stored + 24 h × 0.01 per daily gap + 168 h × 0.01 per weekly gap.
    expect(last.storedBytes).toBeGreaterThan(5 * GB);
    expect(last.storedBytes).toBeLessThan(5 * GB + 6 * 0.24 * GB + 5 * 1.68 * GB);
  });

  it("refuses a schedule cron cannot read", async () => {
    await expect(
      previewPolicyRetention(ctx(), { asset: "site", schedule: "every day", retention: { daily: 7 } }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("gives the asset page the measured change rate, or says how many backups it has", async () => {
    // 0.24 GB added every 24 h: 0.01 GB an hour (no jobs recorded: throughput stays the default).
    const site = await assetRates(ctx(), "site");
    expect(site.measured).toBe(true);
    expect(site.backups).toBe(60);
    expect(site.changePerHour).toBeCloseTo(0.01 * GB, -3);
    expect(site.peakChangePerHour).toBeCloseTo(0.01 * GB, -3);
    const empty = await assetRates(ctx(), "empty");
    expect(empty).toMatchObject({ measured: false, backups: 0 });
  });

  it("says when there is no history and uses the stated defaults", async () => {
    const r = await suggestPolicy(ctx(), { asset: "empty" });
    expect(r.measured).toBe(false);
    expect(r.assumptions[0]).toMatch(/no backup history/);
    expect(r.feasible).toBe(true);
  });
});

describe("the assistant's recommendPolicy entry point", () => {
  let t: TestDatabase;
  let work: string;
  beforeAll(async () => {
    t = await createTestPglite();
    work = await tempDir("lifeboat-advisor-tool-");
    await createDirectoryAsset(t, work, "docs");
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    if (work) await removeDir(work);
  });

  it("gives the CLI's recommendation, a summary and a createPolicy draft", async () => {
    const ctx = testContext(t.db, "viewer", testSecrets);
    const card = await recommendPolicyForAssistant(ctx, { asset: "docs", rpoHours: 6, keepDays: 60 });
    const same = await suggestPolicy(ctx, { asset: "docs", rpoHours: 6, keepDays: 60 });
    if (!card.recommendation.feasible || !same.feasible) throw new Error("expected feasible");
    expect(card.recommendation.plan).toEqual(same.plan);
    expect(card.draft?.args).toEqual({
      name: "docs-advised",
      assets: ["docs"],
      schedule: same.plan.cron,
      retention: same.plan.retention,
    });
    expect(card.summary).toMatch(/no backup history yet/);
    await expect(
      recommendPolicyForAssistant(ctx, { asset: "docs", windowStart: "01:00" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("names the failing constraint and offers no draft when nothing fits", async () => {
    const ctx = testContext(t.db, "viewer", testSecrets);
    const card = await recommendPolicyForAssistant(ctx, { asset: "docs", storageBudgetGB: 1 });
    expect(card.draft).toBeNull();
    expect(card.summary).toMatch(/the budget: .* against 1.00 GB \(over by/);
  });
});
