// User management: the first admin, then admins create users, change roles and disable them.
// Passwords are hashed the way better-auth verifies them; sign-in itself is better-auth's.
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { accounts, roles, sessions, users } from "@/db/schema";
import { type Actor, requireRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { type Queryable, recordAudit } from "./audit";
import type { ServiceContext } from "./context";

export type { ServiceContext } from "./context";

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "enter a valid email address" }));
const password = z.string().min(10, { message: "must be at least 10 characters" }).max(256);
const name = z.string().trim().min(1).max(100);
const role = z.enum(roles);

export const createUserInput = z.object({ email, password, role, name: name.optional() });
export const firstAdminInput = z.object({ email, password, name: name.optional() });
const changeRoleInput = z.object({ userId: z.string().min(1), role });
const setDisabledInput = z.object({ userId: z.string().min(1), disabled: z.boolean() });

const publicColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  disabled: users.disabled,
  createdAt: users.createdAt,
};
export type UserSummary = {
  id: string;
  name: string;
  email: string;
  role: (typeof roles)[number];
  disabled: boolean;
  createdAt: Date;
};

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0);
}

/** /setup and `lifeboat user create` on an empty database: only while no user exists. */
export async function createFirstAdmin(
  db: Db,
  input: z.input<typeof firstAdminInput>,
  source: Actor["source"],
) {
  const data = firstAdminInput.parse(input);
  return db.transaction(async (tx) => {
    // Serialise concurrent setups so exactly one of them creates the first admin.
    await tx.execute(sql`select pg_advisory_xact_lock(7302016)`);
    const [row] = await tx.select({ n: count() }).from(users);
    if (Number(row?.n ?? 0) > 0) throw new AppError("conflict", "Setup is already done: sign in instead.");
    const user = await insertUser(tx, { ...data, role: "admin" });
    await recordAudit(tx, { id: user.id, email: user.email, role: "admin", source }, "user.setup", user.id, {
      email: user.email,
    });
    return user;
  });
}

export async function createUser(
  ctx: ServiceContext,
  input: z.input<typeof createUserInput>,
): Promise<UserSummary> {
  requireRole(ctx.actor, "admin");
  const data = createUserInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
    if (existing) throw new AppError("conflict", `A user with the email ${data.email} already exists.`);
    const user = await insertUser(tx, data);
    await recordAudit(tx, ctx.actor, "user.create", user.id, { email: user.email, role: user.role });
    return user;
  });
}

export async function listUsers(ctx: ServiceContext): Promise<UserSummary[]> {
  requireRole(ctx.actor, "admin");
  return ctx.db.select(publicColumns).from(users).orderBy(asc(users.createdAt), asc(users.email));
}

export async function changeRole(ctx: ServiceContext, input: z.input<typeof changeRoleInput>) {
  requireRole(ctx.actor, "admin");
  const data = changeRoleInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const user = await findUser(tx, data.userId);
    if (user.role === "admin" && data.role !== "admin") await ensureAnotherAdmin(tx, user.id);
    await tx.update(users).set({ role: data.role }).where(eq(users.id, user.id));
    await recordAudit(tx, ctx.actor, "user.role", user.id, {
      email: user.email,
      from: user.role,
      to: data.role,
    });
    return { ...user, role: data.role };
  });
}

export async function setUserDisabled(ctx: ServiceContext, input: z.input<typeof setDisabledInput>) {
  requireRole(ctx.actor, "admin");
  const data = setDisabledInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const user = await findUser(tx, data.userId);
    if (data.disabled && user.id === ctx.actor.id) {
      throw new AppError("conflict", "You cannot disable your own account.");
    }
    if (data.disabled && user.role === "admin") await ensureAnotherAdmin(tx, user.id);
    await tx.update(users).set({ disabled: data.disabled }).where(eq(users.id, user.id));
    // Signing a disabled user out everywhere: their sessions end now, not when they expire.
    if (data.disabled) await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await recordAudit(tx, ctx.actor, data.disabled ? "user.disable" : "user.enable", user.id, {
      email: user.email,
    });
    return { ...user, disabled: data.disabled };
  });
}

async function insertUser(
  tx: Queryable,
  data: { email: string; password: string; role: UserSummary["role"]; name?: string },
) {
  const id = randomUUID();
  const [user] = await tx
    .insert(users)
    .values({ id, email: data.email, name: data.name ?? data.email.split("@")[0], role: data.role })
    .returning(publicColumns);
  await tx.insert(accounts).values({
    id: randomUUID(),
    userId: id,
    accountId: id,
    providerId: "credential",
    password: await hashPassword(data.password),
  });
  return user as UserSummary;
}

async function findUser(tx: Queryable, userId: string): Promise<UserSummary> {
  const [user] = await tx.select(publicColumns).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError("not_found:user", "That user does not exist (any more).");
  return user as UserSummary;
}

/** Lifeboat must never be left without an active admin who can manage it. */
async function ensureAnotherAdmin(tx: Queryable, exceptUserId: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, exceptUserId)));
  if (Number(row?.n ?? 0) === 0) {
    throw new AppError("conflict", "This is the last active admin; make another user admin first.");
  }
}
