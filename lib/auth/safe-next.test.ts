// Item 2 of issue 16: the sign-in page's `next` must never lead off the origin.
import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next";

describe("safeNextPath", () => {
  it.each([
    ["/%5Cevil.example/x"],
    ["/\\evil.example/x"],
    ["/\t/evil.example"],
    ["/%09/evil.example"],
    ["//evil.example"],
    ["/\n/evil.example"],
    ["https://evil.example/"],
    ["javascript:alert(1)"],
    ["\\\\evil.example"],
    [" //evil.example"],
  ])("refuses %j", (next) => {
    const result = safeNextPath(decodeURIComponent(next));
    // Whatever comes back, resolving it against the origin stays on the origin.
    expect(new URL(result, "http://127.0.0.1:3000").origin).toBe("http://127.0.0.1:3000");
    expect(result).toBe("/");
  });

  it("keeps same-origin paths with their query", () => {
    expect(safeNextPath("/settings/users")).toBe("/settings/users");
    expect(safeNextPath("/jobs?status=failed#top")).toBe("/jobs?status=failed#top");
    expect(safeNextPath(undefined)).toBe("/");
    expect(safeNextPath(["/a", "/b"])).toBe("/");
  });
});
