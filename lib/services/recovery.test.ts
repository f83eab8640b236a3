// Recovery plans against a real database (PGlite): an incident becomes a saved plan with the
// right points, edits keep the rules (overwrite is an admin's), starting launches one restore per
// item in stages, once, and every change is audited.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, auditEvents, jobs, restorePoints } from "@/db/schema";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import { describePlan, summarizeRecovery } from "@/lib/advisor/recovery-text";
import { testContext } from "@/lib/auth/testing";
import { createDirectoryAsset, createRepositoryFixture, type KindsFixture } from "@/test-support/job-kinds";
import { removeDir, tempDir } from "@/test-support/restic";
import { createRecoveryPlan, editRecoveryItem, planRecovery } from "./recovery";
import { startRecovery } from "./recovery-start";
import { getRecovery, listRecoveries } from "./recovery-views";
import { ASSUMED_RESTORE_BYTES_PER_SECOND } from "./restore-point-views";

let t: TestDatabase;
let work: string;
let fx: KindsFixture;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestPglite();
  work = await tempDir();
  fx = await createRepositoryFixture(t, work);
  const www = await createDirectoryAsset(t, "/srv/www", "www");
  const [orders] = await t.db
    .insert(assets)
    .values({ kind: "postgres", name: "orders", databaseName: "orders", host: "web-1" })
    .returning();
  await t.db
    .update(assets)
    .set({ host: "web-1" })
    .where(eq(assets.id, www?.id as string));
  await createDirectoryAsset(t, "/srv/other", "other");
  ids.www = www?.id as string;
  ids.orders = orders?.id as string;
  const point = (
    assetId: string,
    id: string,
    time: string,
    verifiedStatus: "verified" | "unverified",
    mib: number,
  ) => ({
    assetId,
    repositoryId: fx.repositoryId,
    snapshotId: id.repeat(64),
    time: new Date(time),
    sizeBytes: mib * 1024 * 1024,
    verifiedStatus,
  });
  const rows = await t.db
    .insert(restorePoints)
    .values([
      point(ids.orders, "a", "2026-11-20T12:00:00Z", "verified", 100),
      point(ids.orders, "b", "2026-11-20T13:30:00Z", "unverified", 100),
      point(ids.orders, "c", "2026-11-20T15:00:00Z", "verified", 100),
      point(ids.www, "d", "2026-11-20T14:00:00Z", "verified", 50),
    ])
    .returning();
  for (const r of rows) ids[r.snapshotId[0] as string] = r.id;
});
afterAll(async () => {
  await t?.destroy();
  if (work) await removeDir(work);
});

describe("recovery plans", () => {
  it("plans for a host: its assets, the verified point before the incident, assumed throughput", async () => {
    const plan = await planRecovery(testContext(t.db, "viewer"), {
      host: "WEB-1",
      before: "2026-11-20T14:05:00Z",
      databasesFirst: true,
    });
    expect(plan.items.map((i) => [i.assetName, i.point?.id, i.stage])).toEqual([
      ["orders", ids.a, 1],
      ["www", ids.d, 2],
    ]);
    expect(plan.throughput).toEqual({ bytesPerSecond: ASSUMED_RESTORE_BYTES_PER_SECOND, measured: false });
    expect(plan.items[0]?.dataLossSeconds).toBe(2 * 3600 + 5 * 60);
    expect(plan.items[0]?.estimatedSeconds).toBe(2); // 100 MiB at the assumed 50 MiB/s
    expect(plan.items[0]?.target).toMatch(/^orders_restored_\d{8}_\d{6}$/);
    expect(plan.items[1]?.target).toMatch(/^\/srv\/www\.restored-/);
    await expect(planRecovery(testContext(t.db, "viewer"), { host: "nowhere" })).rejects.toThrow(
      /No asset is on host/,
    );
    // An asset called like the host is what the incident means when no asset is bound to it.
    expect(
      (await planRecovery(testContext(t.db, "viewer"), { host: "other" })).items.map((i) => i.assetName),
    ).toEqual(["other"]);
  });

  it("saves a draft (operators), edits it, starts it once in stages, audits each step", async () => {
    await expect(
      createRecoveryPlan(testContext(t.db, "viewer"), { assets: ["orders"] }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const operator = testContext(t.db, "operator");
    const draft = await createRecoveryPlan(operator, {
      assets: ["www", "orders", "other"],
      before: "2026-11-20T14:05:00Z",
      reason: "orders was corrupted",
      databasesFirst: true,
    });
    expect(draft.status).toBe("draft");
    const text = describePlan(draft, "UTC");
    if (process.env.SHOW_PLAN) console.log(text);
    expect(text).toContain("for an incident at 2026-11-20 14:05 UTC (orders was corrupted):");
    expect(text).toMatch(
      /1\. orders \[stage 1\]: restore point a{8} of 2026-11-20 12:00 UTC \(verified\) → new database orders_restored_\d{8}_\d{6}; about 2 s; data since 2026-11-20 12:00 UTC lost \(2 h 5 min before the incident\)\./,
    );
    expect(text).toContain("2. other [stage 2]: NOT RECOVERABLE — no restore point at all");
    expect(text).toContain("(assumed: nothing was restored here yet); databases first, folders after them.");
    const other = draft.items.find((i) => i.asset.name === "other");
    expect(other).toMatchObject({ point: null, risk: expect.stringMatching(/no restore point at all/) });

    // A newer point after the incident may be chosen by hand, with its risk stated.
    const edited = await editRecoveryItem(operator, {
      plan: draft.id.slice(0, 8),
      asset: "orders",
      restorePoint: ids.c,
    });
    expect(edited.items.find((i) => i.asset.name === "orders")).toMatchObject({
      point: { id: ids.c },
      risk: expect.stringMatching(/after the incident/),
      dataLossSeconds: 0,
    });
    await editRecoveryItem(operator, {
      plan: draft.id,
      asset: "orders",
      restorePoint: ids.a,
      target: "orders_copy",
    });
    await expect(
      editRecoveryItem(operator, { plan: draft.id, asset: "orders", overwrite: true }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      editRecoveryItem(operator, { plan: draft.id, asset: "www", target: "/srv/www/inside" }),
    ).rejects.toThrow(/inside the original folder/);

    const started = await startRecovery(operator, { plan: draft.id });
    expect(started.status).toBe("running");
    const orders = started.items.find((i) => i.asset.name === "orders");
    const www = started.items.find((i) => i.asset.name === "www");
    expect(started.items.find((i) => i.asset.name === "other")?.job).toBeNull();
    const [ordersJob] = await t.db
      .select()
      .from(jobs)
      .where(eq(jobs.id, orders?.job?.id as string));
    const [wwwJob] = await t.db
      .select()
      .from(jobs)
      .where(eq(jobs.id, www?.job?.id as string));
    expect(ordersJob?.params).toMatchObject({
      restorePointId: ids.a,
      target: "orders_copy",
      overwrite: false,
    });
    expect(ordersJob?.params.after).toBeUndefined();
    expect(wwwJob?.params).toMatchObject({ restorePointId: ids.d, after: [ordersJob?.id] });
    expect((wwwJob?.runAfter as Date) > (ordersJob?.runAfter as Date)).toBe(true);

    await expect(startRecovery(operator, { plan: draft.id })).rejects.toThrow(/already started/);
    await expect(
      editRecoveryItem(operator, { plan: draft.id, asset: "www", target: "/tmp/x" }),
    ).rejects.toThrow(/can no longer change/);

    // Both restores end: the recovery ends with them, and says so from then on.
    await t.db
      .update(jobs)
      .set({ status: "succeeded", finishedAt: new Date() })
      .where(eq(jobs.id, ordersJob?.id as string));
    expect((await getRecovery(operator, draft.id)).status).toBe("running");
    await t.db
      .update(jobs)
      .set({ status: "failed", finishedAt: new Date() })
      .where(eq(jobs.id, wwwJob?.id as string));
    const ended = await getRecovery(operator, draft.id);
    expect(ended.status).toBe("failed");
    expect(summarizeRecovery(ended, "UTC")).toEqual([
      expect.stringMatching(
        /^orders is in the new database orders_copy, from a{8} of 2026-11-20 12:00 UTC: 0 B restored\.$/,
      ),
      "other: not restored — no restore point at all: this asset cannot be recovered from backups.",
      `www: failed — no reason recorded; do not rely on what is in ${www?.target ?? ""}.`,
    ]);
    const listed = await listRecoveries(testContext(t.db, "viewer"));
    expect(listed.find((r) => r.id === draft.id)).toMatchObject({
      status: "failed",
      assets: ["orders", "other", "www"],
    });

    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.target, draft.id));
    expect(audit.map((a) => a.action).sort()).toEqual([
      "recovery.edit",
      "recovery.edit",
      "recovery.plan",
      "recovery.start",
    ]);
  });

  it("lets an admin overwrite in place", async () => {
    const admin = testContext(t.db, "admin");
    const draft = await createRecoveryPlan(admin, { assets: ["orders"], before: "2026-11-20T14:05:00Z" });
    const edited = await editRecoveryItem(admin, { plan: draft.id, asset: "orders", overwrite: true });
    expect(edited.items[0]).toMatchObject({ target: "orders", overwrite: true });
    await expect(startRecovery(testContext(t.db, "operator"), { plan: draft.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    const back = await editRecoveryItem(admin, { plan: draft.id, asset: "orders", overwrite: false });
    expect(back.items[0]?.target).toMatch(/^orders_restored_/);
  });
});
