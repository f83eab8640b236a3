// Item 6 of issue 16: malformed server-action requests are client errors, not 500s.

import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

function action(headers: Record<string, string>, body: string | Uint8Array<ArrayBuffer> = "[]") {
  return new NextRequest("http://127.0.0.1:3000/setup", {
    method: "POST",
    headers: {
      host: "127.0.0.1:3000",
      "next-action": "7f00",
      "content-type": "text/plain;charset=UTF-8",
      ...headers,
    },
    body,
  });
}

describe("server-action requests in proxy.ts", () => {
  it("refuses a foreign Origin with 403, an unparseable one with 400", async () => {
    const foreign = await proxy(action({ origin: "http://evil.example" }));
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: "forbidden" } });
    expect((await proxy(action({ origin: "::not a url::" }))).status).toBe(400);
  });

  it("refuses a garbage body with 400 and a 20 MB body with 413", async () => {
    const garbage = await proxy(action({ origin: "http://127.0.0.1:3000" }, "\u0000{not json"));
    expect(garbage.status).toBe(400);
    const big = new Uint8Array(20 * 1024 * 1024).fill(32);
    const large = await proxy(
      action({ origin: "http://127.0.0.1:3000", "content-length": String(big.length) }, big),
    );
    expect(large.status).toBe(413);
  });

  it("lets a well-formed same-origin action through", async () => {
    const ok = await proxy(action({ origin: "http://127.0.0.1:3000" }, JSON.stringify([{ email: "a" }])));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-middleware-next")).toBe("1");
  });
});

describe("proxy.ts headers and the metrics route", () => {
  it("sends a nonce CSP that forbids framing, and leaves /api/metrics to its route", async () => {
    const page = await proxy(new NextRequest("http://127.0.0.1:3000/sign-in"));
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get("strict-transport-security")).toBeNull();
    const https = await proxy(new NextRequest("https://backup.example.com/sign-in"));
    expect(https.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    // A Prometheus scraper has a bearer token and no cookie: the route decides, not the proxy.
    const scrape = await proxy(
      new NextRequest("http://127.0.0.1:3000/api/metrics", { headers: { authorization: "Bearer x" } }),
    );
    expect(scrape.headers.get("x-middleware-next")).toBe("1");
  });
});
