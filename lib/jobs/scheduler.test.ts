// The scheduler against a real PostgreSQL server: three schedulers on separate connections
// ticking at once produce exactly one backup job per minute and asset (simulated clock and a
// short real run); runs outside the backup window or too late are recorded as missed; drills
// verify the newest restore point.
import { and, asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDb } from "@/db/client";
import { assets, jobs, policies, policyAssets, repositories, restorePoints } from "@/db/schema";
import { createTestPostgres, type TestDatabase } from "@/db/testing";
import { skipWithoutPostgres } from "@/test-support/external";
import { fitWindow } from "./schedule-times";
import { schedulerTick, startScheduler } from "./scheduler";

const skip = await skipWithoutPostgres();
const MINUTE = 60_000;

describe.skipIf(skip)("scheduler", () => {
  let t: TestDatabase;
  let others: DbHandle[] = [];
  let repositoryId: string;
  let assetIds: string[];

  beforeAll(async () => {
    t = await createTestPostgres();
    const url = t.location.databaseUrl as string;
    others = [
      await openDb({ databaseUrl: url, migrate: false }),
      await openDb({ databaseUrl: url, migrate: false }),
    ];
    const [repo] = await t.db
      .insert(repositories)
      .values({ name: "r", url: "/tmp/none", passwordEncrypted: "x" })
      .returning();
    repositoryId = repo.id;
    const rows = await t.db
      .insert(assets)
      .values([
        { kind: "directory", name: "a1", path: "/tmp/a1" },
        { kind: "directory", name: "a2", path: "/tmp/a2", host: "db-host" },
      ])
      .returning();
    assetIds = rows.map((r) => r.id);
  });
  // Each test's policies stop here, so later tests' clocks do not tick them.
  afterEach(async () => {
    await t.db.update(policies).set({ enabled: false });
  });
  afterAll(async () => {
    for (const h of others) await h.close();
    await t?.destroy();
  });

  async function makePolicy(values: Partial<typeof policies.$inferInsert> & { name: string }) {
    const [policy] = await t.db
      .insert(policies)
      .values({ schedule: "* * * * *", repositoryId, drillSchedule: null, ...values })
      .returning();
    await t.db.insert(policyAssets).values(assetIds.map((assetId) => ({ policyId: policy.id, assetId })));
    return policy;
  }

  async function jobsOf(policyId: string) {
    return t.db.select().from(jobs).where(eq(jobs.policyId, policyId)).orderBy(asc(jobs.scheduledFor));
  }

  function expectOnePerMinute(
    rows: { assetId: string | null; scheduledFor: Date | null }[],
    minutes: number[],
  ) {
    for (const assetId of assetIds) {
      const got = rows.filter((r) => r.assetId === assetId).map((r) => r.scheduledFor?.getTime());
      expect(got).toEqual(minutes);
    }
  }

  it("three schedulers ticking at once over simulated minutes: one job per minute and asset", async () => {
    const start = new Date(Date.UTC(2031, 0, 1, 0, 0, 30));
    const policy = await makePolicy({ name: "every-minute", createdAt: start });
    const handles = [t.db, others[0].db, others[1].db];
    // Every 20 simulated seconds for 6 minutes, the three with clocks a few seconds apart.
    for (let step = 1; step <= 18; step++) {
      const base = start.getTime() + step * 20_000;
      await Promise.all(handles.map((db, i) => schedulerTick(db, new Date(base + (i - 1) * 3000))));
    }
    const rows = await jobsOf(policy.id);
    const end = start.getTime() + 18 * 20_000 + 3000;
    const minutes: number[] = [];
    for (let m = Math.ceil(start.getTime() / MINUTE) * MINUTE; m <= end; m += MINUTE) minutes.push(m);
    expect(minutes.length).toBe(6);
    expectOnePerMinute(rows, minutes);
    expect(rows.every((r) => r.kind === "backup" && r.source === "schedule")).toBe(true);
    // No worker ran them: each minute's run superseded the one before instead of piling up.
    const a1 = rows.filter((r) => r.assetId === assetIds[0]);
    expect(a1.map((r) => r.status)).toEqual(["missed", "missed", "missed", "missed", "missed", "queued"]);
    expect(a1[0].error).toMatch(/^superseded: the run scheduled at .* was queued before this one started$/);
    // Jobs carry the asset's host, so only a worker there takes them.
    expect(rows.filter((r) => r.host === "db-host").length).toBe(6);
  });

  it("three schedulers running for real produce no duplicates", async () => {
    // Created 150 s ago: the first ticks find two or three minutes due at once.
    const policy = await makePolicy({ name: "real", createdAt: new Date(Date.now() - 150_000) });
    const running = [t.db, others[0].db, others[1].db].map((db) => startScheduler({ db, intervalMs: 100 }));
    await new Promise((r) => setTimeout(r, 2500));
    await Promise.all(running.map((s) => s.stop()));
    const [after] = await t.db.select().from(policies).where(eq(policies.id, policy.id));
    const rows = await jobsOf(policy.id);
    const minutes: number[] = [];
    const through = after.scheduledThrough?.getTime() ?? 0;
    for (let m = Math.floor(policy.createdAt.getTime() / MINUTE + 1) * MINUTE; m <= through; m += MINUTE) {
      minutes.push(m);
    }
    expect(minutes.length).toBeGreaterThanOrEqual(2);
    expectOnePerMinute(rows, minutes);
    // Only the newest due minute is worth running; the older ones are on record as missed.
    const a1 = rows.filter((r) => r.assetId === assetIds[0]);
    expect(a1.at(-1)?.status).toBe("queued");
    expect(
      a1
        .slice(0, -1)
        .every((r) => r.status === "missed" && /newer run is due|^superseded/.test(r.error ?? "")),
    ).toBe(true);
  });

  it("records runs that cannot start inside the backup window as missed", async () => {
    const day = Date.UTC(2031, 5, 1);
    const at = (h: number, m = 0) => new Date(day + h * 3600_000 + m * MINUTE);
    const policy = await makePolicy({
      name: "windowed",
      schedule: "*/30 * * * *",
      windowStart: "01:00",
      windowEnd: "02:00",
      createdAt: at(0, 0),
    });
    const statusAt = async (time: Date) =>
      (await jobsOf(policy.id)).filter(
        (r) => r.assetId === assetIds[0] && r.scheduledFor?.getTime() === time.getTime(),
      );

    await schedulerTick(t.db, at(0, 31));
    const [early] = await statusAt(at(0, 30));
    expect(early.status).toBe("missed");
    expect(early.error).toBe("scheduled at 2031-06-01 00:30, outside the backup window 01:00-02:00 UTC");

    await schedulerTick(t.db, at(1, 1));
    expect((await statusAt(at(1, 0)))[0].status).toBe("queued");

    // No worker took the 01:00 run and the scheduler was away until 02:05.
    await schedulerTick(t.db, at(2, 5));
    const [waited] = await statusAt(at(1, 0));
    expect(waited.status).toBe("missed");
    expect(waited.error).toMatch(/window closed before any worker started/);
    expect((await statusAt(at(1, 30)))[0].status).toBe("missed");
    expect((await statusAt(at(2, 0)))[0].error).toMatch(/outside the backup window/);

    // Without a window only superseded runs are missed: the newest one still runs.
    await t.db.update(policies).set({ windowStart: null, windowEnd: null }).where(eq(policies.id, policy.id));
    await schedulerTick(t.db, at(4, 10));
    const late = (await jobsOf(policy.id)).filter(
      (r) => r.assetId === assetIds[0] && r.scheduledFor && r.scheduledFor > at(2, 5),
    );
    expect(late.map((r) => r.status)).toEqual(["missed", "missed", "missed", "queued"]);
    expect(late.at(-1)?.scheduledFor?.getTime()).toBe(at(4, 0).getTime());
  });

  it("window arithmetic handles windows across midnight and time zones", () => {
    const w = { start: "22:00", end: "06:00", timezone: "Europe/Berlin" };
    // 23:30 Berlin (UTC+1 in January) is inside; the window closes at 06:00 Berlin = 05:00 UTC.
    expect(fitWindow(w, new Date("2031-01-10T22:30:00Z"))).toEqual({
      inside: true,
      closesAt: new Date("2031-01-11T05:00:00Z"),
    });
    expect(fitWindow(w, new Date("2031-01-10T12:00:00Z")).inside).toBe(false);
    expect(fitWindow(w, new Date("2031-01-10T21:00:00Z")).inside).toBe(true); // exactly at opening
    expect(fitWindow(w, new Date("2031-01-11T05:00:00Z")).inside).toBe(false); // exactly at closing
  });

  it("drills verify each asset's newest restore point and skip assets without one", async () => {
    const day = Date.UTC(2032, 0, 1);
    const policy = await makePolicy({
      name: "drilled",
      schedule: "0 0 1 1 *",
      drillSchedule: "0 4 * * *",
      createdAt: new Date(day),
    });
    const point = (time: number, snapshotId: string) => ({
      assetId: assetIds[0],
      repositoryId,
      snapshotId,
      time: new Date(time),
    });
    const inserted = await t.db
      .insert(restorePoints)
      .values([point(day - 2 * 86_400_000, "aaaa"), point(day - 86_400_000, "bbbb")])
      .returning();
    await Promise.all([
      schedulerTick(t.db, new Date(day + 4 * 3600_000 + 5000)),
      schedulerTick(others[0].db, new Date(day + 4 * 3600_000 + 6000)),
    ]);
    const drills = await t.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.policyId, policy.id), eq(jobs.kind, "verify")));
    expect(drills.length).toBe(1);
    expect(drills[0]).toMatchObject({
      assetId: assetIds[0],
      status: "queued",
      source: "schedule",
      params: { restorePointId: inserted[1].id },
    });
  });
});
