import { describe, expect, it } from "vitest";
import { parseTime, TimeParseError, zoneOffsetMinutes } from "./natural-time";

// A Sunday afternoon in Berlin's winter time (UTC+1); summer time began on 2026-03-29.
const now = new Date("2026-11-29T15:30:00Z");

describe("parseTime", () => {
  it("takes ISO-8601 instants as they are, whatever the zone", () => {
    expect(parseTime("2026-11-28T14:00:00Z", { timeZone: "Asia/Tokyo", now }).toISOString()).toBe(
      "2026-11-28T14:00:00.000Z",
    );
    expect(parseTime("2026-11-28T14:00:00+02:00", { now }).toISOString()).toBe("2026-11-28T12:00:00.000Z");
  });

  it("reads words in the given zone", () => {
    expect(parseTime("yesterday 14:00", { timeZone: "Europe/Berlin", now }).toISOString()).toBe(
      "2026-11-28T13:00:00.000Z",
    );
    expect(parseTime("yesterday 14:00", { timeZone: "UTC", now }).toISOString()).toBe(
      "2026-11-28T14:00:00.000Z",
    );
    expect(parseTime("2 hours ago", { timeZone: "America/New_York", now }).toISOString()).toBe(
      "2026-11-29T13:30:00.000Z",
    );
    expect(parseTime("2026-11-28 14:00", { timeZone: "Europe/Berlin", now }).toISOString()).toBe(
      "2026-11-28T13:00:00.000Z",
    );
  });

  it("uses the zone's offset on the day named, not today's", () => {
    // 2026-07-01 is in Berlin's summer time (UTC+2), though "now" is in winter time.
    expect(parseTime("2026-07-01 14:00", { timeZone: "Europe/Berlin", now }).toISOString()).toBe(
      "2026-07-01T12:00:00.000Z",
    );
    expect(zoneOffsetMinutes("Europe/Berlin", now)).toBe(60);
  });

  it("refuses what it cannot read, saying what it takes", () => {
    expect(() => parseTime("the day after never", { now })).toThrow(TimeParseError);
    expect(() => parseTime("tomorrow-ish", { now })).toThrow(TimeParseError);
    expect(() => parseTime("the day after never", { now })).toThrow(/ISO-8601/);
    expect(() => parseTime("yesterday", { timeZone: "Mars/Olympus", now })).toThrow(/time zone/);
  });
});
