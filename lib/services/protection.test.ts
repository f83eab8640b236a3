import { describe, expect, it } from "vitest";
import { protectionOf } from "./protection";

const now = new Date("2026-12-06T12:00:00Z");
const daily = { enabled: true, schedule: "0 2 * * *", timezone: "UTC", rpoHours: null };

describe("protectionOf", () => {
  it("is unprotected without an enabled policy", () => {
    expect(protectionOf({ policies: [], newestPointAt: null, lastBackup: null }, now).status).toBe(
      "unprotected",
    );
    expect(
      protectionOf({ policies: [{ ...daily, enabled: false }], newestPointAt: now, lastBackup: null }, now),
    ).toEqual({ status: "unprotected", reason: "its policies are disabled" });
  });

  it("is at risk with no restore point, after a failure, when overdue or past the RPO", () => {
    expect(protectionOf({ policies: [daily], newestPointAt: null, lastBackup: null }, now).status).toBe(
      "at_risk",
    );
    const failed = { status: "failed", finishedAt: new Date("2026-12-06T02:10:00Z") };
    expect(
      protectionOf(
        { policies: [daily], newestPointAt: new Date("2026-12-05T02:05:00Z"), lastBackup: failed },
        now,
      ).reason,
    ).toBe("the last backup failed");
    // Today's 02:00 run passed long ago and yesterday's point is the newest.
    expect(
      protectionOf(
        { policies: [daily], newestPointAt: new Date("2026-12-05T02:05:00Z"), lastBackup: null },
        now,
      ).reason,
    ).toBe("a scheduled backup is overdue");
    expect(
      protectionOf(
        {
          policies: [{ ...daily, rpoHours: 4 }],
          newestPointAt: new Date("2026-12-06T02:05:00Z"),
          lastBackup: null,
        },
        now,
      ).reason,
    ).toMatch(/older than the RPO of 4 h/);
  });

  it("is protected with a point newer than the last scheduled run", () => {
    const point = new Date("2026-12-06T02:05:00Z");
    const ok = { status: "succeeded", finishedAt: point };
    expect(protectionOf({ policies: [daily], newestPointAt: point, lastBackup: ok }, now).status).toBe(
      "protected",
    );
    // A failure older than the newest point no longer counts.
    const oldFail = { status: "failed", finishedAt: new Date("2026-12-05T02:05:00Z") };
    expect(protectionOf({ policies: [daily], newestPointAt: point, lastBackup: oldFail }, now).status).toBe(
      "protected",
    );
  });
});
