// Turns a request's headers into an Actor. Works with any Headers, so route handlers, server
// actions (through next/headers) and tests share it.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { Auth } from "./auth";
import type { Actor } from "./roles";

export async function actorFromHeaders(auth: Auth, db: Db, headers: Headers): Promise<Actor | null> {
  const session = await auth.api.getSession({ headers }).catch(() => null);
  if (!session) return null;
  // Read role and state fresh: a role change or a disable takes effect on the next request.
  const [user] = await db
    .select({ id: users.id, email: users.email, role: users.role, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, session.user.id));
  if (!user || user.disabled) return null;
  return { id: user.id, email: user.email, role: user.role, source: "ui" };
}
