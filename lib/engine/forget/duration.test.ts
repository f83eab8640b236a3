import { describe, expect, it } from "vitest";
import { isEngineError } from "../errors";
import { formatDuration, isZeroDuration, parseDuration } from "./duration";

describe("parseDuration (restic 0.14's ParseDuration)", () => {
  it.each([
    ["30d", { years: 0, months: 0, days: 30, hours: 0 }],
    ["1y2m", { years: 1, months: 2, days: 0, hours: 0 }],
    ["2y5m7d3h", { years: 2, months: 5, days: 7, hours: 3 }],
    ["  48h ", { years: 0, months: 0, days: 0, hours: 48 }],
    ["3h2d", { years: 0, months: 0, days: 2, hours: 3 }],
    ["1d2d", { years: 0, months: 0, days: 2, hours: 0 }], // a repeated unit overwrites, as in restic
    ["-1d", { years: 0, months: 0, days: -1, hours: 0 }],
    ["0d", { years: 0, months: 0, days: 0, hours: 0 }],
    ["", { years: 0, months: 0, days: 0, hours: 0 }],
  ])("%j", (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  it.each([
    ["d", "no number found"],
    ["5", "no unit found after number 5"],
    ["1y5", "no unit found after number 5"],
    ["3w", "invalid unit 'w' found after number 3"],
    ["1d 2h", "no number found"],
    ["-", "no number found"],
  ])("rejects %j (%s)", (text, why) => {
    let caught: unknown;
    try {
      parseDuration(text);
    } catch (err) {
      caught = err;
    }
    expect(isEngineError(caught, "invalid_argument")).toBe(true);
    expect((caught as Error).message).toContain(why);
  });

  it("formats like restic's Duration.String (y, m, d, h; zero parts left out)", () => {
    expect(formatDuration(parseDuration("7d2y"))).toBe("2y7d");
    expect(formatDuration(parseDuration("1y2m3d4h"))).toBe("1y2m3d4h");
    expect(formatDuration(parseDuration("-2m"))).toBe("-2m");
    expect(formatDuration(parseDuration("0y"))).toBe("");
    expect(isZeroDuration(parseDuration("0y0h"))).toBe(true);
    expect(isZeroDuration(parseDuration("1h"))).toBe(false);
  });
});
