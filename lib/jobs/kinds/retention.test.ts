// A policy's retention as engine rules, and when a backup's follow-up forget also prunes.
import { describe, expect, it } from "vitest";
import { describePolicy } from "@/lib/engine";
import { pruneDue } from "./backup";
import { hasRetention, retentionRules } from "./retention";

describe("retention mapping", () => {
  it("maps every rule of a policy to restic's", () => {
    const rules = retentionRules({
      keepLast: 3,
      hourly: 24,
      daily: 7,
      weekly: 4,
      monthly: 12,
      yearly: 2,
      withinDays: 10,
    });
    expect(rules).toEqual({
      last: 3,
      hourly: 24,
      daily: 7,
      weekly: 4,
      monthly: 12,
      yearly: 2,
      within: { years: 0, months: 0, days: 10, hours: 0 },
    });
    expect(describePolicy(rules)).toMatch(/10d/);
  });

  it("treats an empty or zeroed retention as no rule", () => {
    expect(hasRetention({})).toBe(false);
    expect(hasRetention({ daily: 0 })).toBe(false);
    expect(hasRetention(null)).toBe(false);
    expect(hasRetention({ withinDays: 1 })).toBe(true);
  });

  it("prunes when never pruned or the interval has passed", () => {
    const now = new Date("2026-11-28T12:00:00Z");
    expect(pruneDue(null, 7, now)).toBe(true);
    expect(pruneDue(new Date("2026-11-20T12:00:00Z"), 7, now)).toBe(true);
    expect(pruneDue(new Date("2026-11-25T12:00:00Z"), 7, now)).toBe(false);
  });
});
