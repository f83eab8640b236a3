import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import type { TestDatabase } from "@/db/testing";
import { addAsset } from "./assets";
import { contextFor, databaseKinds, tableCounts } from "./config.fixture";
import {
  createPolicy,
  deletePolicy,
  getPolicy,
  listPolicies,
  setPolicyEnabled,
  updatePolicy,
} from "./policies";
import { addRepository, listRepositories, removeRepository } from "./repositories";

// The embedded default repository goes into the data folder that env() reads, once per process.
const dataDir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-policies-"));
process.env.LIFEBOAT_DATA_DIR = dataDir;
process.env.LIFEBOAT_SECRET ??= "policies-test-secret-".repeat(3);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const base = {
  name: "nightly",
  assets: ["etc"],
  schedule: "0 2 * * *",
  timezone: "Europe/Berlin",
  retention: { daily: 7, weekly: 4 },
};

describe.each(databaseKinds)("policies on $name", ({ name: kind, create, skip }) => {
  let t: TestDatabase;
  const folder = () => path.join(dataDir, kind);

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    await mkdir(path.join(folder(), "etc"), { recursive: true });
    await mkdir(path.join(folder(), "home"), { recursive: true });
    await addAsset(contextFor(t), { kind: "directory", name: "etc", path: path.join(folder(), "etc") });
    await addAsset(contextFor(t), { kind: "directory", name: "home", path: path.join(folder(), "home") });
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it.skipIf(skip)("refuses bad input with a clear error and changes nothing", async () => {
    const before = await tableCounts(t);
    const folders = await readdir(dataDir);
    const ctx = contextFor(t);
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ schedule: "0 0 2 * * *" }, /schedule: "0 0 2 \* \* \*" is not a cron schedule: it has 6 fields/],
      [{ schedule: "every night" }, /is not a cron schedule: it has 2 fields/],
      [{ schedule: "61 2 * * *" }, /is not a valid cron schedule \(Invalid value for minute: 61\)/],
      [{ retention: {} }, /retention: a retention needs at least one rule/],
      [{ retention: { daily: 0 } }, /retention.daily: must be a positive whole number/],
      [{ timezone: "Mars/Base" }, /timezone: is not a known time zone/],
      [{ windowStart: "01:00" }, /windowEnd: a backup window needs both a start and an end/],
      [{ windowStart: "25:00", windowEnd: "05:00" }, /windowStart: must be a time of day/],
      [{ drillSchedule: "weekly" }, /drillSchedule: "weekly" is not a cron schedule/],
      [{ assets: [] }, /a policy protects at least one asset/],
      [{ assets: ["etc", "nope"] }, /No asset is called "nope"/],
      [{ repository: "nope" }, /No repository is called "nope"/],
    ];
    for (const [change, message] of bad) {
      await expect(createPolicy(ctx, { ...base, ...change } as never)).rejects.toThrow(message);
    }
    expect(await tableCounts(t)).toEqual(before);
    // None of it created the embedded default repository either.
    expect(await readdir(dataDir)).toEqual(folders);
  });

  it.skipIf(skip)("creates a policy on the default repository, created on first need", async () => {
    const policy = await createPolicy(contextFor(t), base);
    const repos = await listRepositories(contextFor(t));
    expect(repos).toEqual([expect.objectContaining({ isDefault: true, name: "default" })]);
    expect(policy).toMatchObject({
      name: "nightly",
      enabled: true,
      timezone: "Europe/Berlin",
      retention: { daily: 7, weekly: 4 },
      repository: { name: "default" },
      assets: [expect.objectContaining({ name: "etc" })],
      drillSchedule: "0 4 * * 0",
    });
    // 02:00 in Berlin is 00:00 or 01:00 UTC depending on the season.
    expect([0, 1]).toContain(policy.nextRunAt?.getUTCHours());
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "policy.create"));
    expect(event).toMatchObject({ target: policy.id, source: "ui" });
    await expect(createPolicy(contextFor(t), base)).rejects.toThrow(
      'a policy called "nightly" already exists',
    );
    await expect(removeRepository(contextFor(t), "default")).rejects.toThrow(/used by policies nightly/);
  });

  it.skipIf(skip)("two creates of one name at once: one policy, one clear conflict", async () => {
    const ctx = contextFor(t);
    const both = await Promise.allSettled([
      createPolicy(ctx, { ...base, name: "twin", repository: "default" }),
      createPolicy(ctx, { ...base, name: "twin", repository: "default" }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failed = both.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason.message).toBe('a policy called "twin" already exists');
    await expect(updatePolicy(ctx, { policy: "twin", name: "nightly" })).rejects.toThrow(
      'a policy called "nightly" already exists',
    );
    await deletePolicy(ctx, "twin");
  });

  it.skipIf(skip)("edits any field, enables, disables and deletes, each audited", async () => {
    const ctx = contextFor(t);
    const url = path.join(folder(), "offsite");
    await addRepository(ctx, { name: "offsite", url, password: "pw pw pw pw", init: true });
    const updated = await updatePolicy(ctx, {
      policy: "nightly",
      schedule: "30 1 * * *",
      timezone: "UTC",
      assets: ["home", "etc", path.join(folder(), "etc")],
      repository: "offsite",
      windowStart: "01:00",
      windowEnd: "05:00",
      rpoHours: 26,
      drillSchedule: null,
    });
    expect(updated).toMatchObject({
      schedule: "30 1 * * *",
      repository: { name: "offsite" },
      windowStart: "01:00",
      rpoHours: 26,
      drillSchedule: null,
      nextDrillAt: null,
    });
    expect(updated.assets.map((a) => a.name)).toEqual(["etc", "home"]);
    expect(updated.nextRunAt?.toISOString()).toMatch(/T01:30:00.000Z$/);

    const before = await tableCounts(t);
    await expect(updatePolicy(ctx, { policy: "nightly", windowStart: null })).rejects.toThrow(/both a start/);
    await expect(updatePolicy(ctx, { policy: "nightly", schedule: "* * *" })).rejects.toThrow(/3 fields/);
    expect(await tableCounts(t)).toEqual(before);

    const disabled = await setPolicyEnabled(ctx, { policy: "nightly", enabled: false });
    expect(disabled).toMatchObject({ enabled: false, nextRunAt: null });
    expect((await setPolicyEnabled(ctx, { policy: "nightly", enabled: true })).enabled).toBe(true);
    expect((await listPolicies(contextFor(t, "viewer"))).map((p) => p.name)).toEqual(["nightly"]);
    expect(await getPolicy(contextFor(t, "viewer"), "nightly")).toMatchObject({ name: "nightly" });
    const after = await tableCounts(t);
    expect(after.auditEvents).toBe(before.auditEvents + 2);

    for (const role of ["operator", "viewer"] as const) {
      const other = contextFor(t, role);
      await expect(createPolicy(other, { ...base, name: "x" })).rejects.toThrow(/admin role/);
      await expect(updatePolicy(other, { policy: "nightly", rpoHours: 1 })).rejects.toThrow(/admin role/);
      await expect(setPolicyEnabled(other, { policy: "nightly", enabled: false })).rejects.toThrow(/admin/);
      await expect(deletePolicy(other, "nightly")).rejects.toThrow(/admin role/);
    }
    expect(await tableCounts(t)).toEqual(after);

    await deletePolicy(ctx, "nightly");
    const gone = await tableCounts(t);
    expect(gone).toMatchObject({ policies: 0, policyAssets: 0, auditEvents: after.auditEvents + 1 });
    await removeRepository(ctx, "offsite");
  });
});
