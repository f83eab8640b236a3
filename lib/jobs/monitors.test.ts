// Notifications that must arrive once per condition, against a real PostgreSQL server and a local
// HTTP receiver, with three connections ticking at once (three processes): an RPO breach is sent
// once while it lasts and again after a backup ended it and it came back; a flapping job is one
// message until it succeeds; the weekly report is sent once when due.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDb } from "@/db/client";
import { writeSetting } from "@/db/records/report-rows";
import { assets, jobs, policies, policyAssets, repositories, restorePoints, webhooks } from "@/db/schema";
import { createTestPostgres, type TestDatabase } from "@/db/testing";
import { skipWithoutPostgres } from "@/test-support/external";
import { DASHBOARD_URL_SETTING, openNotification } from "./alerts";
import { checkRpoBreaches, REPORT_SCHEDULE_SETTING, sendScheduledReport } from "./monitors";
import { notifyJobEnded } from "./notify";
import { startScheduler } from "./scheduler";

const skip = await skipWithoutPostgres();
const HOUR = 3_600_000;
const fast = { backoffMs: 10, timeoutMs: 2000 };

interface Received {
  event: string;
  [key: string]: unknown;
}

describe.skipIf(skip)("notifications once per condition", () => {
  let t: TestDatabase;
  let others: DbHandle[] = [];
  let server: http.Server;
  let received: Received[] = [];
  /** While true the receiver answers 503, as a chat service does during an outage. */
  let down = false;
  let repoId: string;
  let policyId: string;

  beforeAll(async () => {
    t = await createTestPostgres();
    const url = t.location.databaseUrl as string;
    others = [
      await openDb({ databaseUrl: url, migrate: false }),
      await openDb({ databaseUrl: url, migrate: false }),
    ];
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        if (down) {
          res.writeHead(503).end();
          return;
        }
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    await t.db
      .insert(webhooks)
      .values({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` });
    await writeSetting(t.db, DASHBOARD_URL_SETTING, "http://lifeboat.example:3000");
    const [repo] = await t.db
      .insert(repositories)
      .values({ name: "r", url: "/tmp/none", passwordEncrypted: "x" })
      .returning();
    repoId = repo.id;
    const [policy] = await t.db
      .insert(policies)
      .values({
        name: "every-4h",
        schedule: "0 */4 * * *",
        repositoryId: repoId,
        rpoHours: 6,
        drillSchedule: null,
      })
      .returning();
    policyId = policy.id;
  });
  afterAll(async () => {
    for (const h of others) await h.close();
    await new Promise((r) => server?.close(r));
    await t?.destroy();
  });

  const everyone = () => [t.db, ...others.map((o) => o.db)];

  it("an RPO breach is sent once while it lasts, and again when it comes back", async () => {
    const [asset] = await t.db
      .insert(assets)
      .values({
        kind: "directory",
        name: "orders-files",
        path: "/srv/orders",
        createdAt: new Date("2026-01-01"),
      })
      .returning();
    await t.db.insert(policyAssets).values({ policyId, assetId: asset.id });
    const now = new Date("2026-12-06T12:00:00Z");
    let snap = 0;
    const addPoint = (time: Date) =>
      t.db.insert(restorePoints).values({
        assetId: asset.id,
        repositoryId: repoId,
        snapshotId: String(++snap).padStart(64, "a"),
        time,
      });
    // Newest point 10 h old against an RPO of 6 h: 4 h overdue.
    await addPoint(new Date(now.getTime() - 10 * HOUR));
    received = [];
    for (let tick = 0; tick < 4; tick++) {
      const at = new Date(now.getTime() + tick * 15 * 60_000);
      await Promise.all(everyone().map((db) => checkRpoBreaches(db, at, fast)));
    }
    const breaches = received.filter((r) => r.event === "rpo.breach");
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({
      asset: { id: asset.id, name: "orders-files" },
      rpoHours: 6,
      newestRestorePointAt: "2026-12-06T02:00:00.000Z",
      overdueBy: { ms: 4 * HOUR, text: "4 h" },
      link: `http://lifeboat.example:3000/inventory/${asset.id}`,
    });
    expect(breaches[0].summary).toMatch(/orders-files is outside its RPO of 6 h.*overdue by 4 h/);

    // A backup ends the breach: nothing is sent, and the condition closes.
    await addPoint(new Date(now.getTime() + 1 * HOUR));
    await Promise.all(everyone().map((db) => checkRpoBreaches(db, new Date(now.getTime() + 2 * HOUR), fast)));
    expect(received.filter((r) => r.event === "rpo.breach")).toHaveLength(1);

    // Eight hours later the point is 7 h old: a new breach, announced once.
    for (const h of [8, 9, 10]) {
      await Promise.all(
        everyone().map((db) => checkRpoBreaches(db, new Date(now.getTime() + h * HOUR), fast)),
      );
    }
    const again = received.filter((r) => r.event === "rpo.breach");
    expect(again).toHaveLength(2);
    expect(again[1]).toMatchObject({ overdueBy: { ms: 1 * HOUR, text: "1 h" } });
  });

  it("a breach no receiver took is announced at the next tick, then once", async () => {
    const now = new Date("2026-12-06T20:00:00Z");
    const [asset] = await t.db
      .insert(assets)
      .values({ kind: "directory", name: "ledger", path: "/srv/ledger", createdAt: new Date("2026-01-01") })
      .returning();
    await t.db.insert(policyAssets).values({ policyId, assetId: asset.id });
    await t.db.insert(restorePoints).values({
      assetId: asset.id,
      repositoryId: repoId,
      snapshotId: "c".repeat(64),
      time: new Date(now.getTime() - 9 * HOUR),
    });
    received = [];
    const ledger = () =>
      received.filter((r) => r.event === "rpo.breach" && JSON.stringify(r).includes(asset.id));
    down = true;
    try {
      await checkRpoBreaches(t.db, now, fast);
    } finally {
      down = false;
    }
    expect(ledger()).toHaveLength(0);
    for (const minutes of [1, 2, 3]) {
      await Promise.all(
        everyone().map((db) => checkRpoBreaches(db, new Date(now.getTime() + minutes * 60_000), fast)),
      );
    }
    expect(ledger()).toHaveLength(1);
    expect(ledger()[0]).toMatchObject({ overdueBy: { ms: 3 * HOUR + 60_000 } });
  });

  it("three running schedulers announce a breach once, from their ticks", async () => {
    const now = new Date("2026-12-06T18:00:00Z");
    const [asset] = await t.db
      .insert(assets)
      .values({ kind: "directory", name: "billing", path: "/srv/billing", createdAt: new Date("2026-01-01") })
      .returning();
    await t.db.insert(policyAssets).values({ policyId, assetId: asset.id });
    await t.db.insert(restorePoints).values({
      assetId: asset.id,
      repositoryId: repoId,
      snapshotId: "b".repeat(64),
      time: new Date(now.getTime() - 30 * HOUR),
    });
    received = [];
    const billing = () =>
      received.filter((r) => r.event === "rpo.breach" && JSON.stringify(r).includes(asset.id));
    const schedulers = everyone().map((db) =>
      startScheduler({ db, intervalMs: 50, clock: () => now, notify: fast }),
    );
    const until = Date.now() + 15_000;
    while (billing().length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    // Many more ticks of all three while the breach lasts.
    await new Promise((r) => setTimeout(r, 1500));
    await Promise.all(schedulers.map((s) => s.stop()));
    expect(billing()).toHaveLength(1);
    expect(billing()[0]).toMatchObject({
      asset: { name: "billing" },
      overdueBy: { ms: 24 * HOUR, text: "24 h" },
    });
  });

  it("a flapping backup sends one job.failed until it succeeds, then fails anew", async () => {
    const [asset] = await t.db
      .insert(assets)
      .values({ kind: "directory", name: "flappy", path: "/srv/f" })
      .returning();
    const ended = async (status: "failed" | "succeeded" | "missed") => {
      const [row] = await t.db
        .insert(jobs)
        .values({
          kind: "backup",
          status,
          policyId,
          assetId: asset.id,
          source: "schedule",
          error: status === "failed" ? "connection refused" : null,
          finishedAt: new Date(),
        })
        .returning();
      await Promise.all(everyone().map((db) => notifyJobEnded(db, row, fast)));
      return row;
    };
    received = [];
    const first = await ended("failed");
    await ended("failed");
    await ended("failed");
    const mine = () => received.filter((r) => JSON.stringify(r).includes(asset.id));
    expect(mine().map((r) => r.event)).toEqual(["job.failed"]);
    expect(mine()[0]).toMatchObject({
      job: { id: first.id, status: "failed", error: "connection refused", asset: { name: "flappy" } },
      link: `http://lifeboat.example:3000/jobs/${first.id}`,
    });
    // A missed window is its own situation: one backup.missed.
    await ended("missed");
    await ended("missed");
    expect(mine().map((r) => r.event)).toEqual(["job.failed", "backup.missed"]);
    await ended("succeeded");
    await ended("failed");
    expect(mine().map((r) => r.event)).toEqual(["job.failed", "backup.missed", "job.failed"]);
  });

  it("a condition still open after the repeat interval is announced again", async () => {
    const start = new Date("2026-12-01T00:00:00Z");
    const open = (hoursLater: number) =>
      openNotification(
        t.db,
        "job.failed",
        "stale-subject",
        {},
        {
          now: new Date(start.getTime() + hoursLater * HOUR),
          repeatAfterMs: 24 * HOUR,
        },
      );
    expect(await open(0)).toBe(true);
    expect(await open(23)).toBe(false);
    expect(await open(25)).toBe(true);
  });

  it("the weekly report is sent once, when due", async () => {
    await writeSetting(t.db, REPORT_SCHEDULE_SETTING, {
      enabled: true,
      period: "week",
      weekday: 0,
      time: "08:00",
      timezone: "UTC",
    });
    received = [];
    // Monday 7 Dec 2026, 07:59: the week of 30 Nov is over, its report not yet due.
    const early = await sendScheduledReport(t.db, new Date("2026-12-07T07:59:00Z"), fast);
    expect(early).toBeNull();
    for (const minute of [1, 2, 3]) {
      const at = new Date(`2026-12-07T08:0${minute}:00Z`);
      await Promise.all(everyone().map((db) => sendScheduledReport(db, at, fast)));
    }
    const reports = received.filter((r) => r.event === "report");
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      period: { kind: "week", start: "2026-11-30T00:00:00.000Z", end: "2026-12-07T00:00:00.000Z" },
      link: "http://lifeboat.example:3000/reports?period=week",
    });
    expect(String(reports[0].text)).toContain("# Protection report: week of 30 Nov 2026");
  });
});
