// A seeded week (23-30 Nov 2026, UTC; test-support/report-week.ts) with backups, a failure, missed
// windows, drills and restore points, on a real database. The expected figures are worked out by
// hand below from the seed (hours of RPO gap, counts, sums), not taken from the implementation.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import { periodContaining } from "@/lib/advisor/report-period";
import { testContext } from "@/lib/auth/testing";
import { skipWithout } from "@/test-support/external";
import { at, seedReportWeek } from "@/test-support/report-week";
import { getReport, getReportSchedule, reportFile, setReportSchedule } from "./reports";

const now = new Date("2026-12-06T12:00:00Z");
// The PDF is read back with poppler's pdftotext and pdftoppm: skipped with an install hint when
// they are missing, a failure under CI=true (test-support/external.ts).
const noPoppler = skipWithout("pdftoppm", "apt-get install poppler-utils");

let t: TestDatabase;
let out: string;

beforeAll(async () => {
  t = await createTestPglite();
  out = await mkdtemp(path.join(os.tmpdir(), "lifeboat-report-"));
  await seedReportWeek(t.db);
});

afterAll(async () => {
  await t?.destroy();
  if (out) await rm(out, { recursive: true, force: true });
});

describe("protection report for a seeded week", () => {
  it("gives the figures worked out by hand", async () => {
    const report = await getReport(testContext(t.db, "viewer"), { period: "week", at: "2026-11-25" }, now);
    expect(report.range.start).toEqual(at(23, 0));
    expect(report.range.end).toEqual(at(30, 0));
    const by = Object.fromEntries(report.figures.assets.map((a) => [a.asset, a]));
    // orders: the 22nd's point covers to 23 02:00, 23-25 to 26 02:00, then nothing until
    // 27 02:00 (24 h out), then covered to the end. 144 of 168 hours.
    expect(by.orders.rpoHours).toBe(24);
    expect(by.orders.hoursOutsideRpo).toBeCloseTo(24, 6);
    expect(by.orders.rpoCompliance).toBeCloseTo(144 / 168, 9);
    // web-1: tightest RPO of its two policies is 24 h. Covered to 25 03:00, gap until 26 15:00
    // (36 h), then covered to the end. 132 of 168 hours.
    expect(by["web-1"].rpoHours).toBe(24);
    expect(by["web-1"].hoursOutsideRpo).toBeCloseTo(36, 6);
    expect(by["web-1"].rpoCompliance).toBeCloseTo(132 / 168, 9);
    // orphan: no policy, no point; measured against the default 26 h, never within it.
    expect(by.orphan).toMatchObject({ covered: false, rpoHours: 26, rpoFromPolicy: false, rpoCompliance: 0 });
    expect(by.orders).toMatchObject({
      backupsSucceeded: 6,
      backupsFailed: 1,
      backupsMissed: 0,
      drillsPassed: 1,
      drillsFailed: 0,
      newestPointAt: at(29, 2),
      newestVerifiedAt: at(27, 2),
      storageAddedBytes: 6 * 1000,
    });
    expect(by["web-1"]).toMatchObject({
      backupsSucceeded: 6,
      backupsFailed: 0,
      backupsMissed: 2,
      drillsPassed: 0,
      drillsFailed: 1,
      newestPointAt: at(29, 3),
      newestVerifiedAt: at(23, 3),
      storageAddedBytes: 10 + 20 + 30 + 40 + 50 + 60,
    });
    const totals = report.figures.totals;
    expect(totals).toMatchObject({
      assets: 3,
      covered: 2,
      fullyCompliant: 0,
      backupsSucceeded: 12,
      backupsFailed: 1,
      backupsMissed: 2,
      drillsPassed: 1,
      drillsRun: 2,
      storageAddedBytes: 6210,
      projected30DayGrowthBytes: Math.round((6210 * 30) / 7),
    });
    expect(totals.rpoCompliance).toBeCloseTo((144 / 168 + 132 / 168) / 2, 9);
    const summary = report.summary.join(" ");
    expect(summary).toContain("0 of 2 protected assets stayed within their RPO");
    expect(summary).toContain("orders was outside its RPO of 24 h for 24 h (85.7 % compliance)");
    expect(summary).toContain("12 backups succeeded, 1 failed and 2 were missed.");
    expect(summary).toContain("1 of 2 restore drills passed; failed: web-1.");
    expect(summary).toContain("Not covered by any enabled policy: orphan.");
  });

  it("downloads as Markdown and CSV with the same figures", async () => {
    const ctx = testContext(t.db, "viewer");
    const md = await reportFile(ctx, { period: "week", at: "2026-11-25", format: "md" }, now);
    expect(md.filename).toBe("lifeboat-report-week-2026-11-23.md");
    expect(md.body).toContain("# Protection report: week of 23 Nov 2026");
    expect(md.body).toMatch(/\| Backups missed \| 2 \| measured \|/);
    expect(md.body).toMatch(/\| Growth over 30 days at this rate \| .* \| estimated \|/);
    const csv = await reportFile(ctx, { period: "week", at: "2026-11-25", format: "csv" }, now);
    const [header, ...lines] = String(csv.body).trim().split("\n");
    const cols = header.split(",");
    const rows = lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
    expect(rows.map((r) => r.asset)).toEqual(["orders", "orphan", "web-1"]);
    expect(Number(rows[2].rpo_compliance)).toBeCloseTo(132 / 168, 4);
    expect(rows[2].backups_missed).toBe("2");
    expect(rows[0].newest_verified_restore_point).toBe(at(27, 2).toISOString());
  });

  it.skipIf(noPoppler)("makes a PDF whose first page carries the summary", async () => {
    const pdf = await reportFile(
      testContext(t.db, "viewer"),
      { period: "week", at: "2026-11-25", format: "pdf" },
      now,
    );
    const file = path.join(out, "report.pdf");
    await writeFile(file, pdf.body);
    expect(Buffer.from((await readFile(file)).subarray(0, 5)).toString()).toBe("%PDF-");
    const first = execFileSync("pdftotext", ["-f", "1", "-l", "1", "-layout", file, "-"]).toString();
    expect(first).toContain("Protection report: week of 23 Nov 2026");
    expect(first).toContain("Summary");
    expect(first).toContain("12 backups succeeded, 1 failed and 2 were missed.");
    expect(first).toMatch(/RPO compliance \(mean of protected assets\)\s+82\.1 %/);
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", file, path.join(out, "page")]);
    const png = path.join(out, "page-1.png");
    expect((await stat(png)).size).toBeGreaterThan(10_000);
    // For a person to look at: LIFEBOAT_REPORT_PNG=/some/file.png keeps a copy.
    if (process.env.LIFEBOAT_REPORT_PNG)
      await writeFile(process.env.LIFEBOAT_REPORT_PNG, await readFile(png));
  });

  it("the report schedule is an admin's, validated and audited", async () => {
    const admin = testContext(t.db, "admin");
    expect(await getReportSchedule(admin)).toMatchObject({ enabled: false, period: "week" });
    await expect(
      setReportSchedule(testContext(t.db, "operator"), { enabled: true, time: "08:00", timezone: "UTC" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(setReportSchedule(admin, { enabled: true, time: "8 am", timezone: "UTC" })).rejects.toThrow(
      /HH:MM/,
    );
    await expect(
      setReportSchedule(admin, { enabled: true, time: "08:00", timezone: "Mars/Olympus" }),
    ).rejects.toThrow(/time zone/);
    await setReportSchedule(admin, { enabled: true, weekday: 4, time: "17:30", timezone: "Europe/Berlin" });
    expect(await getReportSchedule(testContext(t.db, "viewer"))).toEqual({
      enabled: true,
      period: "week",
      weekday: 4,
      time: "17:30",
      timezone: "Europe/Berlin",
    });
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "report.schedule"));
    expect(audit).toHaveLength(1);
  });

  it("periods start at local midnight in the report's time zone", () => {
    const week = periodContaining("week", new Date("2026-11-25T12:00:00Z"), "America/New_York");
    expect(week.start.toISOString()).toBe("2026-11-23T05:00:00.000Z");
    expect(week.end.toISOString()).toBe("2026-11-30T05:00:00.000Z");
    const month = periodContaining("month", new Date("2026-03-15T12:00:00Z"), "Europe/Berlin");
    expect(month.start.toISOString()).toBe("2026-02-28T23:00:00.000Z");
    expect(month.end.toISOString()).toBe("2026-03-31T22:00:00.000Z"); // summer time from 29 March
    const day = periodContaining("day", new Date("2026-11-25T02:00:00Z"), "Asia/Tokyo");
    expect(day.start.toISOString()).toBe("2026-11-24T15:00:00.000Z");
  });
});
