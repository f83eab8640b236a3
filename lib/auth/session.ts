// Turns a request's headers into an Actor. Works with any Headers, so route handlers, server
// actions (through next/headers) and tests share it.
//
// Every request reads its session and its user fresh, in one query: a sign-out, an expiry, a
// role change or a disable takes effect on the next request. What is remembered is only that a
// cookie's signature is good and which session token it carries (a pure fact about the cookie):
// better-auth's full check (its cookie parsing, HMAC verification and two queries) cost ~3.5 ms
// of CPU per request here, the largest part of a small page's cost under load.
import { getSessionCookie } from "better-auth/cookies";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sessions, users } from "@/db/schema";
import type { Auth } from "./auth";
import type { Actor } from "./roles";

/** better-auth's default: a session is extended when it was last extended longer ago than this. */
const SESSION_UPDATE_AGE_MS = 24 * 60 * 60 * 1000;
const MAX_REMEMBERED = 10_000;

/** Per auth instance (its secret): signed cookie value → the session token it was verified to carry. */
const verifiedCookies = new WeakMap<Auth, Map<string, string>>();

function remember(known: Map<string, string>, cookie: string, token: string) {
  if (known.size >= MAX_REMEMBERED) {
    const oldest = known.keys().next().value;
    if (oldest !== undefined) known.delete(oldest);
  }
  known.set(cookie, token);
}

function sessionQuery(db: Db) {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabled: users.disabled,
      sessionUpdatedAt: sessions.updatedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.token, sql.placeholder("token")), gt(sessions.expiresAt, sql`now()`)))
    .prepare("lifeboat_session_user");
}

/** Built once per database: building a query costs more CPU than PostgreSQL's answer to it. */
const prepared = new WeakMap<Db, ReturnType<typeof sessionQuery>>();

async function sessionAndUser(db: Db, token: string) {
  let query = prepared.get(db);
  if (!query) {
    query = sessionQuery(db);
    prepared.set(db, query);
  }
  const [row] = await query.execute({ token });
  return row;
}

export async function actorFromHeaders(auth: Auth, db: Db, headers: Headers): Promise<Actor | null> {
  const cookie = getSessionCookie(headers);
  if (!cookie) return null;
  let known = verifiedCookies.get(auth);
  if (!known) {
    known = new Map<string, string>();
    verifiedCookies.set(auth, known);
  }
  let token = known.get(cookie);
  let row = token ? await sessionAndUser(db, token) : undefined;
  // Unknown cookies, and sessions due to be extended, take better-auth's way: it verifies the
  // signature and slides the expiry as it always did.
  if (!row || Date.now() - row.sessionUpdatedAt.getTime() > SESSION_UPDATE_AGE_MS) {
    const session = await auth.api.getSession({ headers }).catch(() => null);
    if (!session) {
      known.delete(cookie);
      return null;
    }
    token = session.session.token;
    // Only the cookie that was verified is remembered: its value is "<token>.<signature>" (a
    // request with two session cookies, plain and __Secure-, may have had the other one checked).
    if (decodeURIComponent(cookie).startsWith(`${token}.`)) remember(known, cookie, token);
    row = await sessionAndUser(db, token);
  }
  if (!row || row.disabled) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, source: "ui" };
}
