import { afterEach, describe, expect, it } from "vitest";
import { bucketOf, instantBefore, isoWeek, parseWallTime } from "./calendar";
import { parseDuration } from "./duration";

const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;

describe("ISO weeks across year ends", () => {
  it.each([
    ["2020-12-31", 2020, 53],
    ["2021-01-03", 2020, 53], // Sunday: still the last week of 2020
    ["2021-01-04", 2021, 1],
    ["2024-12-29", 2024, 52],
    ["2024-12-30", 2025, 1], // Monday of the week holding 2 January 2025: week 1 of 2025
    ["2025-12-28", 2025, 52],
    ["2025-12-29", 2026, 1],
    ["2026-01-01", 2026, 1],
    ["2027-01-03", 2026, 53],
    ["2016-01-01", 2015, 53],
    ["2008-12-29", 2009, 1],
  ])("%s is week %i-%i", (date, year, week) => {
    const [y, m, d] = date.split("-").map(Number);
    expect(isoWeek({ year: y, month: m, day: d })).toEqual({ year, week });
  });
});

describe("buckets use the wall clock of the stored offset, not UTC and not the host zone", () => {
  it("puts 00:30+02:00 on New Year's Day into the new year although it is still December in UTC", () => {
    const t = parseWallTime("2025-01-01T00:30:00+02:00");
    expect(bucketOf("yearly", t)).toBe(2025);
    expect(bucketOf("monthly", t)).toBe(202501);
    expect(bucketOf("daily", t)).toBe(20250101);
    expect(bucketOf("hourly", t)).toBe(2025010100);
    expect(bucketOf("weekly", t)).toBe(202501);
    expect(t.ns).toBe(ns("2024-12-31T22:30:00Z"));
  });

  it("puts 23:30-05:00 on 31 December into the old year", () => {
    const t = parseWallTime("2024-12-31T23:30:00.5-05:00");
    expect(bucketOf("yearly", t)).toBe(2024);
    expect(bucketOf("daily", t)).toBe(20241231);
    expect(bucketOf("weekly", t)).toBe(202501);
    expect(t.ns).toBe(ns("2025-01-01T04:30:00.500Z"));
  });
});

describe("instantBefore (Go's AddDate then Add of hours)", () => {
  const at = (latest: string, d: string) => instantBefore(parseWallTime(latest), parseDuration(d));

  it("steps back calendar days and months on the wall clock of the newest snapshot", () => {
    expect(at("2026-03-15T10:00:00Z", "30d")).toBe(ns("2026-02-13T10:00:00Z"));
    expect(at("2026-03-15T10:00:00+02:00", "1y2m")).toBe(ns("2025-01-15T08:00:00Z"));
    expect(at("2026-03-15T10:00:00Z", "2y5m7d3h")).toBe(ns("2023-10-08T07:00:00Z"));
  });

  it("normalises impossible dates as Go does (31 March minus one month is 2 or 3 March)", () => {
    expect(at("2024-03-31T12:00:00Z", "1m")).toBe(ns("2024-03-02T12:00:00Z"));
    expect(at("2025-03-31T12:00:00Z", "1m")).toBe(ns("2025-03-03T12:00:00Z"));
    expect(at("2024-02-29T00:00:00Z", "1y")).toBe(ns("2023-03-01T00:00:00Z"));
  });

  it("moves hours on the absolute clock and keeps sub-second precision", () => {
    expect(at("2026-01-01T01:00:00.123456789+05:30", "2h")).toBe(ns("2025-12-31T17:30:00.123Z") + 456_789n);
  });
});

describe("a newest snapshot in the host's own zone follows its DST rules, as Go's Local does", () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it("steps back across the spring change in Europe/Berlin on the local calendar", () => {
    process.env.TZ = "Europe/Berlin";
    const latest = parseWallTime("2026-03-30T12:00:00+02:00");
    expect(latest.hostZone).toBe(true);
    // Two calendar days back is 12:00 CET (+01:00), one hour more than 48 hours.
    expect(instantBefore(latest, parseDuration("2d"))).toBe(ns("2026-03-28T11:00:00Z"));
  });

  it("keeps a fixed offset that is not the host's zone at that instant", () => {
    process.env.TZ = "Europe/Berlin";
    const latest = parseWallTime("2026-03-30T12:00:00+01:00"); // Berlin is at +02:00 then
    expect(latest.hostZone).toBe(false);
    expect(instantBefore(latest, parseDuration("2d"))).toBe(ns("2026-03-28T11:00:00Z"));
    process.env.TZ = "UTC";
    const utc = parseWallTime("2026-03-30T12:00:00+02:00");
    expect(utc.hostZone).toBe(false);
    expect(instantBefore(utc, parseDuration("2d"))).toBe(ns("2026-03-28T10:00:00Z"));
  });
});
