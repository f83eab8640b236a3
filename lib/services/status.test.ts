// getProtectionStatus (the assistant's getStatus): which assets are at risk and why, RPO
// compliance, failures of the last day, newest verified points, storage per repository.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, policyAssets, restorePoints } from "@/db/schema";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import { testContext } from "@/lib/auth/testing";
import {
  createDirectoryAsset,
  createPolicy,
  createRepositoryFixture,
  type KindsFixture,
} from "@/test-support/job-kinds";
import { removeDir, tempDir } from "@/test-support/restic";
import { getProtectionStatus } from "./status";

let t: TestDatabase;
let work: string;
let fx: KindsFixture;
const now = new Date("2026-12-06T12:00:00Z");

beforeAll(async () => {
  t = await createTestPglite();
  work = await tempDir();
  fx = await createRepositoryFixture(t, work);
});
afterAll(async () => {
  await t?.destroy();
  if (work) await removeDir(work);
});

describe("protection status", () => {
  it("names each asset at risk with its reason, the day's failures and the verified points", async () => {
    const fresh = await createDirectoryAsset(t, path.join(work, "fresh"), "fresh");
    const stale = await createDirectoryAsset(t, path.join(work, "stale"), "stale");
    const never = await createDirectoryAsset(t, path.join(work, "never"), "never");
    await createDirectoryAsset(t, path.join(work, "orphan"), "orphan");
    const policy = await createPolicy(t, fx.repositoryId, { daily: 7 });
    await t.db
      .insert(policyAssets)
      .values([fresh, stale, never].map((a) => ({ policyId: policy.id, assetId: a.id })));
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    await t.db.insert(restorePoints).values([
      {
        assetId: fresh.id,
        repositoryId: fx.repositoryId,
        snapshotId: "a".repeat(64),
        time: hoursAgo(3),
        verifiedStatus: "verified",
      },
      { assetId: stale.id, repositoryId: fx.repositoryId, snapshotId: "b".repeat(64), time: hoursAgo(30) },
    ]);
    await t.db.insert(jobs).values([
      {
        kind: "backup",
        status: "failed",
        assetId: stale.id,
        source: "schedule",
        error: "disk full",
        finishedAt: hoursAgo(2),
      },
      {
        kind: "backup",
        status: "failed",
        assetId: stale.id,
        source: "schedule",
        error: "old",
        finishedAt: hoursAgo(40),
      },
    ]);
    const status = await getProtectionStatus(testContext(t.db, "viewer"), now);
    expect(status.assets).toEqual({ total: 4, atRisk: 3 });
    expect(Object.fromEntries(status.atRisk.map((r) => [r.asset, r.reason]))).toEqual({
      stale: "rpo_exceeded",
      never: "no_restore_point",
      orphan: "no_policy",
    });
    expect(status.rpo).toEqual({ compliant: 1, total: 4 });
    expect(status.failuresLastDay.map((f) => f.error)).toEqual(["disk full"]);
    expect(status.newestVerified).toEqual([{ asset: "fresh", at: hoursAgo(3).toISOString() }]);
    expect(status.storage).toEqual([{ repository: "main", sizeBytes: null }]);
    // The report's figures over the last 7 days (168 h), RPO the default 26 h: fresh's point
    // covers its last 3 h, stale's covers [30 h ago, 4 h ago) = 26 h, never has none.
    expect(status.lastSevenDays.perAsset).toEqual([
      { asset: "fresh", rpoCompliance: "1.8 %", outsideRpo: "6.9 days" },
      { asset: "never", rpoCompliance: "0.0 %", outsideRpo: "7 days" },
      { asset: "stale", rpoCompliance: "15.5 %", outsideRpo: "5.9 days" },
    ]);
    expect(status.lastSevenDays.rpoCompliance).toBe("5.8 %"); // (3 + 26 + 0) / 168 / 3
    expect(status.lastSevenDays.backups).toEqual({ succeeded: 0, failed: 2, missed: 0 });
  });
});
