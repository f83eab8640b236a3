// Who is acting, and what their role allows. Roles are ordered: viewer < operator < admin.

import { type Role, roles, type Source } from "@/db/schema";
import { AppError } from "@/lib/errors";

export { type Role, roles };

export interface Actor {
  /** users.id, or null for the local administrator of the CLI. */
  id: string | null;
  email: string;
  /** The user's display name, when the context was built from a session (read with it). */
  name?: string;
  role: Role;
  source: Source;
}

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function hasRole(actor: Pick<Actor, "role">, needed: Role): boolean {
  return rank[actor.role] >= rank[needed];
}

/** Throws `forbidden` naming the role that is needed, so the message tells the user what to ask for. */
export function requireRole(actor: Actor | null | undefined, needed: Role): Actor {
  if (!actor) throw new AppError("unauthenticated", "Sign in to continue.");
  if (!hasRole(actor, needed)) {
    throw new AppError("forbidden", `This needs the ${needed} role; you are signed in as ${actor.role}.`);
  }
  return actor;
}

/** The role just below `needed`, for tests and messages; null for viewer. */
export function roleBelow(needed: Role): Role | null {
  const i = roles.indexOf(needed);
  return i > 0 ? roles[i - 1] : null;
}

/** The CLI acts as the local administrator: whoever can run it owns the data directory. */
export const cliActor: Actor = { id: null, email: "cli@localhost", role: "admin", source: "cli" };
