// Items 1, 3 and 9 of issue 16 through better-auth's real handler on a real (PGlite) database:
// the request as Next.js hands it to the route (its URL names localhost whatever the browser used;
// the peer header is what lib/http/peer-header.ts stamps from the socket).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import { parseTrustedProxies } from "@/lib/http/client-ip";
import { logger } from "@/lib/logger";
import { createFirstAdmin, createUser, setUserDisabled } from "@/lib/services/users";
import { createAuth } from "./auth";
import { publicContext } from "./context";
import { handleAuthRequest } from "./http";
import type { Actor } from "./roles";
import { testContext } from "./testing";
import { SignInThrottle } from "./throttle";

const PASSWORD = "correct horse battery";
let t: TestDatabase;
let admin: Actor;
const warnings: unknown[] = [];
const warn = logger.warn.bind(logger);

beforeAll(async () => {
  logger.warn = ((...args: unknown[]) => {
    warnings.push(args);
    return (warn as (...a: unknown[]) => void)(...args);
  }) as typeof logger.warn;
  t = await createTestPglite();
  const user = await createFirstAdmin(publicContext(t.db, "ui"), {
    email: "admin@example.com",
    password: PASSWORD,
  });
  admin = { id: user.id, email: user.email, role: "admin", source: "ui" };
  await createUser(testContext(t.db, admin), {
    email: "ada@example.com",
    password: PASSWORD,
    role: "viewer",
  });
});
afterAll(async () => {
  logger.warn = warn;
  await t?.destroy();
});

interface Call {
  path?: string;
  method?: string;
  host?: string;
  origin?: string;
  peer?: string;
  forwardedFor?: string;
  cookie?: string;
  body?: unknown;
}

function setup(options: { baseURL?: string; trusted?: string } = {}) {
  const auth = createAuth({ db: t.db, secret: "t".repeat(40), baseURL: options.baseURL });
  const deps = { trusted: parseTrustedProxies(options.trusted), throttle: new SignInThrottle() };
  return async (call: Call) => {
    const host = call.host ?? "127.0.0.1:3000";
    const headers = new Headers({
      host,
      origin: call.origin ?? `http://${host}`,
      "content-type": "application/json",
      // Any cookie makes better-auth check the Origin; browsers usually have one.
      cookie: call.cookie ?? "theme=dark",
      "x-lifeboat-peer": call.peer ?? "127.0.0.1",
    });
    if (call.forwardedFor) headers.set("x-forwarded-for", call.forwardedFor);
    const method = call.method ?? "POST";
    // Next.js gives route handlers a URL with its own host name, not the browser's.
    const request = new Request(`http://localhost:3000/api/auth${call.path ?? "/sign-in/email"}`, {
      method,
      headers,
      body: method === "POST" ? JSON.stringify(call.body ?? {}) : undefined,
    });
    const response = await handleAuthRequest(auth.handler, request, deps);
    const text = await response.text();
    return { status: response.status, text, json: text ? JSON.parse(text) : null, headers: response.headers };
  };
}

const credentials = (email = "ada@example.com", password = PASSWORD) => ({ email, password });

describe("sign-in at any address", () => {
  it("accepts the address the browser used when LIFEBOAT_URL is unset", async () => {
    const call = setup();
    for (const host of ["127.0.0.1:3000", "192.0.2.10:3000", "localhost:3000", "backup.lan"]) {
      const res = await call({ host, body: credentials() });
      expect(res.status, host).toBe(200);
    }
    // A page of another site still cannot sign anyone in (CSRF).
    const foreign = await call({ origin: "http://evil.example", body: credentials() });
    expect(foreign.status).toBe(403);
    expect(foreign.json).toMatchObject({ code: "INVALID_ORIGIN" });
    // Sign-out from 127.0.0.1 works too.
    expect((await call({ path: "/sign-out", body: {} })).status).toBe(200);
  });

  it("stays strict when LIFEBOAT_URL is set", async () => {
    const call = setup({ baseURL: "https://backup.example.com" });
    const res = await call({ host: "127.0.0.1:3000", body: credentials() });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: "INVALID_ORIGIN" });
    const ok = await call({
      host: "backup.example.com",
      origin: "https://backup.example.com",
      body: credentials(),
    });
    expect(ok.status).toBe(200);
  });

  it("does not warn that the base URL is not set", () => {
    createAuth({ db: t.db, secret: "t".repeat(40) });
    expect(JSON.stringify(warnings)).not.toMatch(/Base URL is not set/);
  });
});

describe("rate limits", () => {
  it("cannot be dodged by varying X-Forwarded-For without a trusted proxy", async () => {
    const call = setup();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await call({
        peer: "203.0.113.7",
        forwardedFor: `198.51.100.${i}`,
        body: credentials(`nobody${i}@example.com`, "wrong password!"),
      });
      statuses.push(res.status);
    }
    expect(statuses).toContain(429);
  });

  it("tells clients of a trusted proxy apart, and backs off per account without blocking its owner elsewhere", async () => {
    const call = setup({ trusted: "10.0.0.1" });
    const attacker = { peer: "10.0.0.1", forwardedFor: "198.51.100.66" };
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push(
        (await call({ ...attacker, body: credentials("ada@example.com", "wrong password!") })).status,
      );
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // Now even the right password from the guesser's client waits…
    const blocked = await call({ ...attacker, body: credentials() });
    expect(blocked.status).toBe(429);
    expect(blocked.json).toMatchObject({ code: "TOO_MANY_ATTEMPTS" });
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // …while the owner, another client behind the same proxy, signs in.
    const owner = await call({ peer: "10.0.0.1", forwardedFor: "198.51.100.7", body: credentials() });
    expect(owner.status).toBe(200);
  });
});

describe("what answers reveal", () => {
  it("keeps the session token out of JSON answers", async () => {
    const call = setup();
    const signIn = await call({ body: credentials() });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect(cookie).toMatch(/session_token=/);
    const token = decodeURIComponent(cookie.split("session_token=")[1]?.split(".")[0] ?? "");
    expect(token.length).toBeGreaterThan(10);
    expect(signIn.text).not.toContain(token);
    expect(signIn.json).not.toHaveProperty("token");
    const session = await call({ method: "GET", path: "/get-session", cookie });
    expect(session.json).toMatchObject({ user: { email: "ada@example.com" } });
    expect(session.text).not.toContain(token);
    const sessions = await call({ method: "GET", path: "/list-sessions", cookie });
    expect(sessions.status).toBe(200);
    expect(sessions.text).not.toContain(token);
  });

  it("answers a disabled account with the right password exactly like a wrong password", async () => {
    const call = setup();
    const user = await createUser(testContext(t.db, admin), {
      email: "dis@example.com",
      password: PASSWORD,
      role: "viewer",
    });
    await setUserDisabled(testContext(t.db, admin), { userId: user.id, disabled: true });
    const wrong = await call({ body: credentials("dis@example.com", "wrong password!") });
    const right = await call({ body: credentials("dis@example.com", PASSWORD) });
    expect(right.status).toBe(wrong.status);
    expect(right.json).toEqual(wrong.json);
    expect(right.headers.getSetCookie()).toEqual([]);
  });

  it("refuses oversized bodies before parsing them", async () => {
    const call = setup();
    const res = await call({ body: { email: "a@example.com", password: "x".repeat(200_000) } });
    expect(res.status).toBe(413);
  });
});

describe("one password limit everywhere", () => {
  it("refuses at creation what sign-in would refuse, and signs in with the longest allowed", async () => {
    const { PASSWORD_MAX_LENGTH } = await import("./password-rules");
    const call = setup();
    const tooLong = "p".repeat(PASSWORD_MAX_LENGTH + 1);
    await expect(
      createUser(testContext(t.db, admin), { email: "long@example.com", password: tooLong, role: "viewer" }),
    ).rejects.toMatchObject({ name: "ZodError" });
    const longest = "q".repeat(PASSWORD_MAX_LENGTH);
    await createUser(testContext(t.db, admin), {
      email: "long@example.com",
      password: longest,
      role: "viewer",
    });
    expect((await call({ body: credentials("long@example.com", longest) })).status).toBe(200);
    expect((await call({ body: credentials("long@example.com", tooLong) })).json).toMatchObject({
      code: "PASSWORD_TOO_LONG",
    });
  });
});
