// The inventory as the dashboard lists it: keyset pages on the name, the protection status
// computed from the rows (policy, newest restore point, last backup), and the status filter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, jobs, policies, policyAssets, repositories, restorePoints } from "@/db/schema";
import type { TestDatabase } from "@/db/testing";
import { contextFor, databaseKinds, testSecrets } from "./config.fixture";
import { getInventoryItem, listInventory, protectionCounts } from "./inventory";

describe.each(databaseKinds)("inventory on $name", ({ create, skip }) => {
  let t: TestDatabase;

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    const [repo] = await t.db
      .insert(repositories)
      .values({ name: "main", url: "/srv/backup", passwordEncrypted: testSecrets.encrypt("pw") })
      .returning();
    const rows = await t.db
      .insert(assets)
      .values(
        ["alpha", "bravo", "charlie", "delta"].map((name) => ({
          kind: "directory" as const,
          name,
          path: `/srv/${name}`,
        })),
      )
      .returning();
    const [alpha, bravo, charlie] = rows;
    // Hourly, so a point from a few minutes ago is fresh whatever the time of day.
    const [policy] = await t.db
      .insert(policies)
      .values({
        name: "hourly",
        schedule: "0 * * * *",
        retention: { keepLast: 3 },
        repositoryId: repo?.id ?? "",
      })
      .returning();
    await t.db
      .insert(policyAssets)
      .values([alpha, bravo, charlie].map((a) => ({ policyId: policy?.id ?? "", assetId: a?.id ?? "" })));
    const fresh = new Date(Date.now() - 5 * 60_000);
    await t.db.insert(restorePoints).values([
      {
        assetId: alpha?.id ?? "",
        repositoryId: repo?.id ?? "",
        snapshotId: "a1",
        time: fresh,
        sizeBytes: 2048,
      },
      {
        assetId: charlie?.id ?? "",
        repositoryId: repo?.id ?? "",
        snapshotId: "c1",
        time: new Date(fresh.getTime() - 86_400_000),
      },
    ]);
    // charlie's last backup failed after its only restore point.
    await t.db.insert(jobs).values({
      kind: "backup",
      status: "failed",
      source: "schedule",
      assetId: charlie?.id,
      policyId: policy?.id,
      error: "disk full",
      finishedAt: fresh,
    });
  });
  afterAll(async () => t?.destroy());

  it.skipIf(skip)("pages by name and says why each asset is or is not protected", async () => {
    const ctx = contextFor(t, "viewer");
    const first = await listInventory(ctx, { limit: 3 });
    expect(first.items.map((a) => [a.name, a.protection.status])).toEqual([
      ["alpha", "protected"],
      ["bravo", "at_risk"],
      ["charlie", "at_risk"],
    ]);
    expect(first.items[1]?.protection.reason).toBe("no restore point yet");
    expect(first.items[2]?.protection.reason).toBe("the last backup failed");
    expect(first.items[0]).toMatchObject({
      sizeBytes: 2048,
      location: "/srv/alpha",
      policies: [{ name: "hourly" }],
    });
    expect(first.nextAfter).toBe("charlie");
    const second = await listInventory(ctx, { limit: 3, after: first.nextAfter ?? undefined });
    expect(second.items.map((a) => [a.name, a.protection.status])).toEqual([["delta", "unprotected"]]);
    expect(second.nextAfter).toBeNull();
  });

  it.skipIf(skip)("filters by status, counts, and describes one asset", async () => {
    const ctx = contextFor(t, "viewer");
    const atRisk = await listInventory(ctx, { status: "at_risk", limit: 1 });
    expect(atRisk.items.map((a) => a.name)).toEqual(["bravo"]);
    expect(atRisk.nextAfter).toBe("bravo");
    expect(await protectionCounts(ctx)).toEqual({ protected: 1, at_risk: 2, unprotected: 1 });
    const alpha = await getInventoryItem(ctx, "alpha");
    expect(alpha).toMatchObject({ name: "alpha", restorePoints: 1, excludes: [] });
    await expect(getInventoryItem(ctx, "nope")).rejects.toMatchObject({ code: "not_found:asset" });
  });
});
