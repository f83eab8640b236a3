import { describe, expect, it } from "vitest";
import { createSecretBox } from "./secrets";

describe("secrets at rest", () => {
  const box = createSecretBox("k".repeat(40));

  it("round-trips and never stores the plain text", () => {
    const plain = "postgres://admin:hunter2-very-secret@db/prod";
    const stored = box.encrypt(plain);
    expect(stored).not.toContain("hunter2");
    expect(Buffer.from(stored.slice(4), "base64").toString("latin1")).not.toContain("hunter2");
    expect(box.decrypt(stored)).toBe(plain);
    // A fresh IV each time: equal secrets do not look equal at rest.
    expect(box.encrypt(plain)).not.toBe(stored);
  });

  it("refuses a different key and a tampered value", () => {
    const stored = box.encrypt("repository password");
    expect(() => createSecretBox("x".repeat(40)).decrypt(stored)).toThrow(/LIFEBOAT_SECRET differs/);
    const raw = Buffer.from(stored.slice(4), "base64");
    raw[raw.length - 1] ^= 1;
    expect(() => box.decrypt(`lb1:${raw.toString("base64")}`)).toThrow();
    expect(() => box.decrypt("plain text")).toThrow(/Not an encrypted/);
  });
});
