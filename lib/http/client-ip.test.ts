// Item 3 of issue 16: forwarded headers are believed only from configured proxies.
import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustedProxies } from "./client-ip";

describe("clientAddress", () => {
  const none = parseTrustedProxies(undefined);
  const proxy = parseTrustedProxies("10.0.0.1, 192.168.0.0/16, ::1");

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy (no dodging)", () => {
    for (const forged of ["1.1.1.1", "2.2.2.2", "3.3.3.3, 4.4.4.4", "garbage"]) {
      expect(clientAddress("203.0.113.7", forged, none)).toBe("203.0.113.7");
      expect(clientAddress("203.0.113.7", forged, proxy)).toBe("203.0.113.7");
    }
  });

  it("tells clients behind an appending trusted proxy apart", () => {
    expect(clientAddress("10.0.0.1", "198.51.100.1", proxy)).toBe("198.51.100.1");
    expect(clientAddress("10.0.0.1", "198.51.100.2", proxy)).toBe("198.51.100.2");
    // A client's own forged entry sits left of what the proxy appended: the proxy's word wins.
    expect(clientAddress("10.0.0.1", "6.6.6.6, 198.51.100.3", proxy)).toBe("198.51.100.3");
    // Chains of trusted proxies are walked from the right.
    expect(clientAddress("10.0.0.1", "198.51.100.4, 192.168.3.3", proxy)).toBe("198.51.100.4");
    expect(clientAddress("::ffff:10.0.0.1", "198.51.100.5", proxy)).toBe("198.51.100.5");
    expect(clientAddress("::1", "2001:db8::9", proxy)).toBe("2001:db8::9");
  });

  it("stops at garbage and treats an unknown peer as unknown", () => {
    expect(clientAddress("10.0.0.1", "not-an-ip", proxy)).toBe("10.0.0.1");
    expect(clientAddress(null, "1.1.1.1", proxy)).toBeNull();
  });

  it("refuses a bad LIFEBOAT_TRUSTED_PROXIES entry", () => {
    expect(() => parseTrustedProxies("10.0.0.1, proxy.internal")).toThrow(/not an IP address/);
    expect(() => parseTrustedProxies("10.0.0.0/40")).toThrow(/prefix/);
    expect(parseTrustedProxies("  ").empty).toBe(true);
  });
});
