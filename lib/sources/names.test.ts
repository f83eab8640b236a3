import { describe, expect, it } from "vitest";
import {
  assertDatabaseName,
  defaultDatabaseTarget,
  defaultDirectoryTarget,
  scratchDatabaseName,
  scratchDatabaseTime,
} from "./names";

describe("default restore targets", () => {
  const now = new Date("2026-03-07T04:05:09.123Z");

  it("puts a folder next to the original, stamped in UTC", () => {
    expect(defaultDirectoryTarget("/srv/www", now)).toBe("/srv/www.restored-20260307-040509");
    expect(defaultDirectoryTarget("/srv/www/", now)).toBe("/srv/www.restored-20260307-040509");
  });

  it("names a new database, kept within PostgreSQL's 63-byte identifiers", () => {
    expect(defaultDatabaseTarget("orders", now)).toBe("orders_restored_20260307_040509");
    const long = defaultDatabaseTarget("x".repeat(63), now);
    expect(long).toHaveLength(63);
    expect(long.endsWith("_restored_20260307_040509")).toBe(true);
    expect(() => assertDatabaseName(long)).not.toThrow();
  });

  it("refuses database names that would need quoting", () => {
    for (const bad of ['a"b', "a b", "1abc", "", "x".repeat(64), "a;drop"]) {
      expect(() => assertDatabaseName(bad)).toThrow(/not a database name/);
    }
  });

  it("stamps scratch databases so an abandoned one can be recognised", () => {
    const scratch = scratchDatabaseName("restore", now, "abc123");
    expect(scratch).toBe("lifeboat_restore_20260307t040509_abc123");
    expect(scratchDatabaseTime(scratch)?.toISOString()).toBe("2026-03-07T04:05:09.000Z");
    expect(scratchDatabaseTime("lifeboat_drill_20260307t040509_ff")).not.toBeNull();
    expect(scratchDatabaseTime("orders_restored_20260307_040509")).toBeNull();
    expect(() => assertDatabaseName(scratch)).not.toThrow();
  });
});
