// One way in. Every caller of lib/services holds a ServiceContext, and only the builders below
// can make one: the type carries a brand no other module can spell, and every service checks at
// run time that its context came from here (a hand-made `{ actor, db }` is refused). No Next.js
// here, so the CLI, the worker, tests and assistant tools build contexts the same way pages do.
//
// How each caller gets a context:
//   page            `const { ctx, allowed } = await requirePageContext("admin")`   (lib/auth/next-context.ts)
//   public page     `const ctx = await publicRequestContext()`                       (lib/auth/next-context.ts)
//   server action   `export const x = guardAction("operator", async (ctx, input) => service(ctx, input))`
//   public action   `export const x = publicAction(async (ctx, input) => publicService(ctx, input))`
//   route handler   `export const GET = guardRoute("viewer", async (ctx, request, route) => …)`
//                   (lib/auth/guard.ts; both build it with sessionContext below, from the cookie)
//   CLI             `withCliContext((ctx) => service(ctx, input))`                   (bin/context.ts → cliContext)
//   scheduler/worker `systemContext(db, "schedule")` — a job never calls a service (layers point
//                   one way); job kinds write their own audit rows through db/records/audit.ts
//   assistant tool  `assistantContext(ctx)` — the signed-in user's context, source "assistant"
//   tests           `testContext(db, role)` from lib/auth/testing.ts (tests only)
//
// How a service declares the role it needs, once:
//   export const listAssets = service("viewer", async (ctx, input?: …) => { … });
//   export const setupRequired = publicService(async (ctx) => …);   // anonymous by design
// The wrapper checks the brand and the role before the body runs (so a weaker role is refused
// before its input is even parsed) and carries `requiredRole` for the table-driven test in
// lib/services/roles.test.ts, which fails for an exported service function without one.
import type { Db } from "@/db/client";
import type { Source } from "@/db/schema";
import { noteDataChange } from "@/lib/data-changes";
import { AppError } from "@/lib/errors";
import type { SecretBox } from "@/lib/secrets";
import type { Auth } from "./auth";
import { type Actor, cliActor, type Role, requireRole } from "./roles";
import { actorFromHeaders } from "./session";

declare const authorized: unique symbol;
declare const anonymous: unique symbol;

/** Who is acting (role checked when a service runs), the database, and optionally the secret box. */
export interface ServiceContext {
  readonly actor: Actor;
  readonly db: Db;
  /** Tests pass their own; everything else uses the box keyed by LIFEBOAT_SECRET (secretsOf). */
  readonly secrets?: SecretBox;
  readonly [authorized]: true;
}

/** What an anonymous caller may hold: the database and where the call came from, no actor. */
export interface PublicContext {
  readonly db: Db;
  readonly source: Source;
  readonly secrets?: SecretBox;
  readonly [anonymous]: true;
}

// Contexts this module made. A WeakSet, so a context dies with the request or command it served.
const minted = new WeakSet<object>();

function mint(actor: Actor, db: Db, secrets?: SecretBox): ServiceContext {
  const ctx = Object.freeze({ actor: Object.freeze({ ...actor }), db, ...(secrets ? { secrets } : {}) });
  minted.add(ctx);
  return ctx as unknown as ServiceContext;
}

/** Whether this module built `ctx` (a copy or a literal is not authorized). */
export function isAuthorized(ctx: unknown): ctx is ServiceContext {
  return typeof ctx === "object" && ctx !== null && minted.has(ctx);
}

/** A web request (page, server action, route handler): the session cookie's user, or null. */
export async function sessionContext(db: Db, auth: Auth, headers: Headers): Promise<ServiceContext | null> {
  const actor = await actorFromHeaders(auth, db, headers);
  return actor ? mint(actor, db) : null;
}

/** The CLI acts as the local administrator: whoever can run it owns the data directory. */
export function cliContext(db: Db, secrets?: SecretBox): ServiceContext {
  return mint(cliActor, db, secrets);
}

/**
 * The terminal assistant (`lifeboat chat`) acts for one user of the database, with that user's
 * role and chats: whoever runs the CLI owns the data directory, and picks whom to act as.
 */
export function cliUserContext(
  db: Db,
  user: { id: string; email: string; role: Role },
  secrets?: SecretBox,
): ServiceContext {
  return mint({ id: user.id, email: user.email, role: user.role, source: "cli" }, db, secrets);
}

/**
 * The scheduler and workers acting on their own (no person asked): an operator, which runs
 * backups and drills but cannot change configuration or overwrite data.
 */
export function systemContext(db: Db, source: "schedule", secrets?: SecretBox): ServiceContext {
  return mint({ id: null, email: `${source}@localhost`, role: "operator", source }, db, secrets);
}

/** An assistant tool acts for the signed-in user who runs it, with that user's role, never more. */
export function assistantContext(user: ServiceContext): ServiceContext {
  assertAuthorized(user);
  return mint({ ...user.actor, source: "assistant" }, user.db, user.secrets);
}

/**
 * A scraper presenting LIFEBOAT_METRICS_TOKEN: a viewer with no user behind it. The caller
 * compares the token (lib/auth/bearer.ts); this only names who the context is.
 */
export function metricsTokenContext(db: Db): ServiceContext {
  return mint({ id: null, email: "metrics-token", role: "viewer", source: "ui" }, db);
}

/** An anonymous caller (first-run setup, health): only publicService functions accept it. */
export function publicContext(db: Db, source: Source, secrets?: SecretBox): PublicContext {
  const ctx = Object.freeze({ db, source, ...(secrets ? { secrets } : {}) });
  minted.add(ctx);
  return ctx as unknown as PublicContext;
}

function assertAuthorized(ctx: unknown): asserts ctx is ServiceContext {
  if (!isAuthorized(ctx) || !("actor" in (ctx as object))) {
    throw new AppError(
      "unauthenticated",
      "This call has no authorized context: build one with lib/auth/context.ts.",
    );
  }
}

export type Service<Args extends unknown[], T> = ((ctx: ServiceContext, ...args: Args) => Promise<T>) & {
  readonly requiredRole: Role;
};
export type PublicService<Args extends unknown[], T> = ((ctx: PublicContext, ...args: Args) => Promise<T>) & {
  readonly requiredRole: "public";
};

/** A service function that needs at least `role`: checked here, before the body sees the input. */
export function service<Args extends unknown[], T>(
  role: Role,
  body: (ctx: ServiceContext, ...args: Args) => Promise<T>,
): Service<Args, T> {
  const checked = async (ctx: ServiceContext, ...args: Args): Promise<T> => {
    assertAuthorized(ctx);
    requireRole(ctx.actor, role);
    if (role === "viewer") return body(ctx, ...args);
    // Operators' and admins' services change things: reads shared between requests start over.
    try {
      return await body(ctx, ...args);
    } finally {
      noteDataChange();
    }
  };
  return Object.assign(checked, { requiredRole: role });
}

/** A service open to anonymous callers; the security model names each one (setup, health). */
export function publicService<Args extends unknown[], T>(
  body: (ctx: PublicContext, ...args: Args) => Promise<T>,
): PublicService<Args, T> {
  const checked = async (ctx: PublicContext, ...args: Args): Promise<T> => {
    if (!isAuthorized(ctx)) {
      throw new AppError("unauthenticated", "This call has no context: build one with lib/auth/context.ts.");
    }
    return body(ctx, ...args);
  };
  return Object.assign(checked, { requiredRole: "public" as const });
}

/** Test-only builder, re-exported by lib/auth/testing.ts (the import test keeps it out of production). */
export function mintForTests(actor: Actor, db: Db, secrets?: SecretBox): ServiceContext {
  return mint(actor, db, secrets);
}
