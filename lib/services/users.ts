// User management: the first admin, then admins create users, change roles and disable them.
// Passwords are hashed the way better-auth verifies them; sign-in itself is better-auth's.
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { recordAudit } from "@/db/records/audit";
import { accounts, roles, sessions, users } from "@/db/schema";
import { publicService, service } from "@/lib/auth/context";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { AppError } from "@/lib/errors";
import type { PublicContext, ServiceContext } from "./context";

export type { ServiceContext } from "./context";

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "enter a valid email address" }));
const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { message: `must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { message: `must be at most ${PASSWORD_MAX_LENGTH} characters` });
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

/** Whether first-run setup is still open: no user exists yet (sign-in and setup pages ask). */
export const setupRequired = publicService(async function setupRequired(ctx: PublicContext) {
  const [row] = await ctx.db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0) === 0;
});

/** /setup on an empty database: only while no user exists. */
export const createFirstAdmin = publicService(async function createFirstAdmin(
  ctx: PublicContext,
  input: z.input<typeof firstAdminInput>,
) {
  const data = firstAdminInput.parse(input);
  const source = ctx.source;
  return ctx.db.transaction(async (tx) => {
    // Serialise concurrent setups so exactly one of them creates the first admin.
    await tx.execute(sql`select pg_advisory_xact_lock(7302016)`);
    const [row] = await tx.select({ n: count() }).from(users);
    if (Number(row?.n ?? 0) > 0) throw new AppError("conflict", "Setup is already done: sign in instead.");
    const user = await insertUser(tx, { ...data, role: "admin" });
    await recordAudit(tx, { id: user.id, email: user.email, source }, "user.setup", user.id, {
      email: user.email,
    });
    return user;
  });
});

export const createUser = service(
  "admin",
  async function createUser(
    ctx: ServiceContext,
    input: z.input<typeof createUserInput>,
  ): Promise<UserSummary> {
    const data = createUserInput.parse(input);
    return ctx.db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
      if (existing) throw new AppError("conflict", `A user with the email ${data.email} already exists.`);
      const user = await insertUser(tx, data);
      await recordAudit(tx, ctx.actor, "user.create", user.id, { email: user.email, role: user.role });
      return user;
    });
  },
);

export const listUsers = service("admin", async function listUsers(ctx: ServiceContext): Promise<
  UserSummary[]
> {
  return ctx.db.select(publicColumns).from(users).orderBy(asc(users.createdAt), asc(users.email));
});

export const changeRole = service(
  "admin",
  async function changeRole(ctx: ServiceContext, input: z.input<typeof changeRoleInput>) {
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
  },
);

export const setUserDisabled = service(
  "admin",
  async function setUserDisabled(ctx: ServiceContext, input: z.input<typeof setDisabledInput>) {
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
  },
);

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

/** The signed-in user as the dashboard's header shows them. */
export const currentUser = service("viewer", async function currentUser(ctx: ServiceContext) {
  const [row] =
    ctx.actor.name !== undefined
      ? [{ name: ctx.actor.name }]
      : ctx.actor.id
        ? await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, ctx.actor.id))
        : [];
  return { email: ctx.actor.email, name: row?.name ?? ctx.actor.email, role: ctx.actor.role };
});
