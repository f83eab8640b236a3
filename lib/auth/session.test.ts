// The session check remembers only that a cookie's signature is good; everything else about the
// session and its user is read on every request. These cases are the ones that memo could break.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sessions, users } from "@/db/schema";
import { createTestPglite, createTestPostgres, type TestDatabase } from "@/db/testing";
import { cliContext } from "@/lib/auth/context";
import { createUser } from "@/lib/services/users";
import { skipWithoutPostgres } from "@/test-support/external";
import { type Auth, createAuth } from "./auth";
import { actorFromHeaders } from "./session";

const noPostgres = await skipWithoutPostgres();
const kinds = [
  { name: "pglite", create: createTestPglite, skip: false },
  { name: "postgres", create: createTestPostgres, skip: noPostgres },
];
const PASSWORD = "correct horse battery";

describe.each(kinds)("session check on $name", ({ create, skip }) => {
  let t: TestDatabase;
  let auth: Auth;

  async function signIn(email: string): Promise<Headers> {
    const response = await auth.api.signInEmail({ body: { email, password: PASSWORD }, asResponse: true });
    return new Headers({ cookie: String(response.headers.get("set-cookie")).split(";")[0] });
  }
  const tokenOf = (headers: Headers) =>
    decodeURIComponent(String(headers.get("cookie")))
      .split("=")[1]
      ?.split(".")[0];

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    auth = createAuth({ db: t.db, secret: "s".repeat(40), baseURL: "http://localhost:3000" });
    await createUser(cliContext(t.db), { email: "v@example.com", password: PASSWORD, role: "viewer" });
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it.skipIf(skip)("asks better-auth once per cookie, then only reads the session", async () => {
    const headers = await signIn("v@example.com");
    const getSession = vi.spyOn(auth.api, "getSession");
    try {
      for (let i = 0; i < 3; i++) expect(await actorFromHeaders(auth, t.db, headers)).not.toBeNull();
      expect(getSession).toHaveBeenCalledTimes(1);
    } finally {
      getSession.mockRestore();
    }
  });

  it.skipIf(skip)("a remembered cookie stops working once its session is gone or expired", async () => {
    const first = await signIn("v@example.com");
    expect(await actorFromHeaders(auth, t.db, first)).toMatchObject({
      email: "v@example.com",
      role: "viewer",
    });
    expect(await actorFromHeaders(auth, t.db, first)).toMatchObject({ email: "v@example.com" });
    await t.db.delete(sessions).where(eq(sessions.token, tokenOf(first) as string));
    expect(await actorFromHeaders(auth, t.db, first)).toBeNull();

    const second = await signIn("v@example.com");
    expect(await actorFromHeaders(auth, t.db, second)).not.toBeNull();
    await t.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.token, tokenOf(second) as string));
    expect(await actorFromHeaders(auth, t.db, second)).toBeNull();
  });

  it.skipIf(skip)("reads role, name and state fresh on every request", async () => {
    const headers = await signIn("v@example.com");
    expect(await actorFromHeaders(auth, t.db, headers)).toMatchObject({ role: "viewer" });
    await t.db.update(users).set({ role: "operator", name: "Vera" }).where(eq(users.email, "v@example.com"));
    expect(await actorFromHeaders(auth, t.db, headers)).toMatchObject({ role: "operator", name: "Vera" });
    await t.db.update(users).set({ disabled: true }).where(eq(users.email, "v@example.com"));
    expect(await actorFromHeaders(auth, t.db, headers)).toBeNull();
    await t.db.update(users).set({ disabled: false, role: "viewer" }).where(eq(users.email, "v@example.com"));
  });

  it.skipIf(skip)("a cookie with a forged signature is refused, even for a live token", async () => {
    const headers = await signIn("v@example.com");
    expect(await actorFromHeaders(auth, t.db, headers)).not.toBeNull();
    const forged = new Headers({ cookie: String(headers.get("cookie")).replace(/\.[^.]+$/, ".AAAA") });
    expect(await actorFromHeaders(auth, t.db, forged)).toBeNull();
    const otherSecret = createAuth({ db: t.db, secret: "o".repeat(40), baseURL: "http://localhost:3000" });
    expect(await actorFromHeaders(otherSecret, t.db, headers)).toBeNull();
  });

  it.skipIf(skip)(
    "a session last extended over a day ago is extended by better-auth, as before",
    async () => {
      const headers = await signIn("v@example.com");
      expect(await actorFromHeaders(auth, t.db, headers)).not.toBeNull();
      const token = tokenOf(headers) as string;
      await t.db
        .update(sessions)
        .set({ updatedAt: sql`now() - interval '2 days'`, expiresAt: sql`now() + interval '5 days'` })
        .where(eq(sessions.token, token));
      expect(await actorFromHeaders(auth, t.db, headers)).not.toBeNull();
      const [row] = await t.db.select().from(sessions).where(eq(sessions.token, token));
      expect(row?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6.5 * 86_400_000);
      expect(row?.updatedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    },
  );
});
