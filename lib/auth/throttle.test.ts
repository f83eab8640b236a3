// Item 3 of issue 16: per-account backoff that the owner on another client is not blocked by.
import { describe, expect, it } from "vitest";
import { SignInThrottle } from "./throttle";

describe("SignInThrottle", () => {
  it("backs off exponentially per account and client, and forgets on success", () => {
    let now = 1_000_000;
    const throttle = new SignInThrottle({ freeFailures: 3, baseDelayMs: 1000, now: () => now });
    for (let i = 0; i < 2; i++) throttle.failed("Ada@example.com", "1.1.1.1");
    expect(throttle.waitMs("ada@example.com", "1.1.1.1")).toBe(0);
    throttle.failed("ada@example.com", "1.1.1.1");
    expect(throttle.waitMs("ada@example.com", "1.1.1.1")).toBe(1000);
    now += 1000;
    throttle.failed("ada@example.com", "1.1.1.1");
    expect(throttle.waitMs("ada@example.com", "1.1.1.1")).toBe(2000);
    now += 2000;
    throttle.failed("ada@example.com", "1.1.1.1");
    expect(throttle.waitMs("ada@example.com", "1.1.1.1")).toBe(4000);
    // Another client, and another account from the same client, are not affected.
    expect(throttle.waitMs("ada@example.com", "2.2.2.2")).toBe(0);
    expect(throttle.waitMs("bob@example.com", "1.1.1.1")).toBe(0);
    throttle.succeeded("ada@example.com", "1.1.1.1");
    expect(throttle.waitMs("ada@example.com", "1.1.1.1")).toBe(0);
  });

  it("caps the delay and the memory it uses", () => {
    let now = 0;
    const throttle = new SignInThrottle({
      freeFailures: 0,
      maxDelayMs: 60_000,
      maxEntries: 100,
      now: () => now,
    });
    for (let i = 0; i < 40; i++) throttle.failed("a@example.com", "1.1.1.1");
    expect(throttle.waitMs("a@example.com", "1.1.1.1")).toBe(60_000);
    for (let i = 0; i < 1000; i++) {
      now += 1;
      throttle.failed(`u${i}@example.com`, "9.9.9.9");
    }
    expect((throttle as unknown as { entries: Map<string, unknown> }).entries.size).toBeLessThanOrEqual(101);
  });
});
