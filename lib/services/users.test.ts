import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, auditEvents } from "@/db/schema";
import { createTestPglite, createTestPostgres, type TestDatabase } from "@/db/testing";
import { createAuth } from "@/lib/auth/auth";
import { publicContext } from "@/lib/auth/context";
import type { Actor } from "@/lib/auth/roles";
import { actorFromHeaders } from "@/lib/auth/session";
import { testContext } from "@/lib/auth/testing";
import { skipWithoutPostgres } from "@/test-support/external";
import { listAuditEvents } from "./audit";
import { changeRole, createFirstAdmin, createUser, listUsers, setUserDisabled, setupRequired } from "./users";

const noPostgres = await skipWithoutPostgres();
const kinds = [
  { name: "pglite", create: createTestPglite, skip: false },
  { name: "postgres", create: createTestPostgres, skip: noPostgres },
];

const PASSWORD = "correct horse battery";

describe.each(kinds)("user services on $name", ({ create, skip }) => {
  let t: TestDatabase;
  let admin: Actor;
  const auth = () => createAuth({ db: t.db, secret: "t".repeat(40), baseURL: "http://localhost:3000" });

  async function signIn(email: string, password = PASSWORD): Promise<Headers | null> {
    const response = await auth().api.signInEmail({ body: { email, password }, asResponse: true });
    if (!response.ok) return null;
    const cookie = response.headers.get("set-cookie")?.split(";")[0];
    return cookie ? new Headers({ cookie }) : null;
  }

  beforeAll(async () => {
    if (skip) return;
    t = await create();
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it.skipIf(skip)("creates the first admin once, hashed, audited, even when two set-ups race", async () => {
    expect(await setupRequired(publicContext(t.db, "ui"))).toBe(true);
    const [first, second] = await Promise.allSettled([
      createFirstAdmin(publicContext(t.db, "ui"), { email: " Admin@Example.com ", password: PASSWORD }),
      createFirstAdmin(publicContext(t.db, "ui"), { email: "racer@example.com", password: PASSWORD }),
    ]);
    expect(first.status).toBe("fulfilled");
    expect(second).toMatchObject({ status: "rejected", reason: { code: "conflict" } });
    const user = (first as PromiseFulfilledResult<Awaited<ReturnType<typeof createFirstAdmin>>>).value;
    admin = { id: user.id, email: user.email, role: "admin", source: "ui" };
    expect(user).toMatchObject({ email: "admin@example.com", role: "admin", disabled: false });
    await expect(
      createFirstAdmin(publicContext(t.db, "ui"), { email: "b@example.com", password: PASSWORD }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    const [account] = await t.db.select().from(accounts).where(eq(accounts.userId, user.id));
    expect(account?.password).toBeTruthy();
    expect(account?.password).not.toContain(PASSWORD);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "user.setup"));
    expect(events).toHaveLength(1);
  });

  it.skipIf(skip)("lets the admin sign in through better-auth and resolves the actor", async () => {
    const headers = await signIn("admin@example.com");
    expect(headers).not.toBeNull();
    const actor = await actorFromHeaders(auth(), t.db, headers as Headers);
    expect(actor).toMatchObject({ email: "admin@example.com", role: "admin" });
    expect(await signIn("admin@example.com", "wrong password!!")).toBeNull();
    expect(await actorFromHeaders(auth(), t.db, new Headers())).toBeNull();
  });

  it.skipIf(skip)("admins create users; others are refused; input is validated", async () => {
    const viewer = await createUser(testContext(t.db, admin), {
      email: "v@example.com",
      password: PASSWORD,
      role: "viewer",
    });
    expect(viewer.role).toBe("viewer");
    const viewerActor: Actor = { id: viewer.id, email: viewer.email, role: "viewer", source: "ui" };
    const operatorActor: Actor = { ...viewerActor, role: "operator" };
    for (const actor of [viewerActor, operatorActor]) {
      await expect(
        createUser(testContext(t.db, actor), { email: "x@example.com", password: PASSWORD, role: "admin" }),
      ).rejects.toMatchObject({ code: "forbidden" });
      await expect(listUsers(testContext(t.db, actor))).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(
      createUser(testContext(t.db, admin), { email: "v@example.com", password: PASSWORD, role: "viewer" }),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(
      createUser(testContext(t.db, admin), { email: "not-an-email", password: PASSWORD, role: "viewer" }),
    ).rejects.toMatchObject({ name: "ZodError" });
    await expect(
      createUser(testContext(t.db, admin), { email: "s@example.com", password: "short", role: "viewer" }),
    ).rejects.toMatchObject({ name: "ZodError" });
    const emails = (await listUsers(testContext(t.db, admin))).map((u) => u.email);
    expect(emails).toEqual(["admin@example.com", "v@example.com"]);
  });

  it.skipIf(skip)("changes roles, keeps one active admin, disables and signs out", async () => {
    const ctx = testContext(t.db, admin);
    const [, viewer] = await listUsers(ctx);
    if (!viewer) throw new Error("viewer missing");
    const viewerHeaders = await signIn(viewer.email);
    expect(await actorFromHeaders(auth(), t.db, viewerHeaders as Headers)).toMatchObject({ role: "viewer" });

    await changeRole(ctx, { userId: viewer.id, role: "operator" });
    expect(await actorFromHeaders(auth(), t.db, viewerHeaders as Headers)).toMatchObject({
      role: "operator",
    });

    await expect(changeRole(ctx, { userId: admin.id as string, role: "viewer" })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(setUserDisabled(ctx, { userId: admin.id as string, disabled: true })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(changeRole(ctx, { userId: "nobody", role: "viewer" })).rejects.toMatchObject({
      code: "not_found:user",
    });

    await setUserDisabled(ctx, { userId: viewer.id, disabled: true });
    expect(await actorFromHeaders(auth(), t.db, viewerHeaders as Headers)).toBeNull();
    expect(await signIn(viewer.email)).toBeNull();
    await setUserDisabled(ctx, { userId: viewer.id, disabled: false });
    expect(await signIn(viewer.email)).not.toBeNull();

    const actions = (await listAuditEvents(ctx)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["user.setup", "user.create", "user.role", "user.disable", "user.enable"]),
    );
  });
});
