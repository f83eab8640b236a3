// The report's figure functions on small hand-made rows: coverage of overlapping restore points,
// a period still running, and when a scheduled report is due.
import { describe, expect, it } from "vitest";
import { reportDueAt } from "@/lib/jobs/monitors";
import { computeReport, coveredMs, rpoBreach } from "./report";
import { percent } from "./report-text";

const H = 3_600_000;

describe("RPO coverage", () => {
  it("counts overlapping windows once and clips them to the period", () => {
    // Window [0, 100 h). Points at -10 h, 5 h and 8 h with a 24 h RPO cover [-10, 32): 32 h.
    // A point at 90 h covers [90, 100): 10 h. Total 42 h.
    expect(coveredMs([8 * H, -10 * H, 5 * H, 90 * H], 24 * H, 0, 100 * H)).toBe(42 * H);
    expect(coveredMs([], 24 * H, 0, 100 * H)).toBe(0);
    expect(coveredMs([200 * H], 24 * H, 0, 100 * H)).toBe(0);
  });

  it("measures a running period only up to now", () => {
    const start = new Date("2026-12-07T00:00:00Z");
    const end = new Date("2026-12-14T00:00:00Z");
    const now = new Date("2026-12-08T00:00:00Z"); // 24 h observed
    const figures = computeReport(
      {
        assets: [{ id: "a", name: "a" }],
        policies: [{ enabled: true, rpoHours: 6, assetIds: ["a"] }],
        // Covers [06:00, 12:00) of the first day: 6 of 24 h.
        points: [
          {
            assetId: "a",
            time: new Date("2026-12-07T06:00:00Z"),
            verifiedStatus: "verified",
            bytesAdded: 100,
          },
        ],
        jobs: [],
      },
      start,
      end,
      now,
    );
    expect(figures.observedUntil).toEqual(now);
    expect(figures.assets[0].rpoCompliance).toBe(0.25);
    expect(figures.assets[0].hoursOutsideRpo).toBe(18);
    expect(figures.totals.projected30DayGrowthBytes).toBe(3000); // 100 bytes a day
  });

  it("a breach is overdue by the age beyond the RPO", () => {
    const now = new Date("2026-12-06T12:00:00Z");
    expect(rpoBreach(new Date("2026-12-06T02:00:00Z"), 6, now)).toEqual({ breached: true, overdueMs: 4 * H });
    expect(rpoBreach(new Date("2026-12-06T07:00:00Z"), 6, now)).toEqual({ breached: false, overdueMs: 0 });
  });
});

describe("percentages", () => {
  it("round to a tenth but never claim full or none when it is not", () => {
    expect(percent(132 / 168)).toBe("78.6 %");
    expect(percent(0.99996)).toBe("99.9 %");
    expect(percent(1)).toBe("100.0 %");
    expect(percent(0.00001)).toBe("0.1 %");
    expect(percent(0)).toBe("0.0 %");
    expect(percent(null)).toBe("n/a");
  });
});

describe("report schedule", () => {
  it("a weekly report is due on its weekday and time after the week ends, in its zone", () => {
    const weekEnd = new Date("2026-12-06T23:00:00Z"); // Monday 7 Dec 00:00 in Berlin
    const schedule = { enabled: true, period: "week" as const, time: "08:00", timezone: "Europe/Berlin" };
    expect(reportDueAt({ ...schedule, weekday: 0 }, weekEnd).toISOString()).toBe("2026-12-07T07:00:00.000Z");
    expect(reportDueAt({ ...schedule, weekday: 4 }, weekEnd).toISOString()).toBe("2026-12-11T07:00:00.000Z");
  });
});
