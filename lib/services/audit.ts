// The audit log: every change made through lib/services leaves one row here.
import { desc } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { type Actor, requireRole } from "@/lib/auth/roles";

/** Anything that can run queries: the database or a transaction on it. */
export type Queryable = Pick<Db, "insert" | "select" | "update" | "delete" | "execute">;

export async function recordAudit(
  db: Queryable,
  actor: Actor,
  action: string,
  target: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await db.insert(auditEvents).values({
    actorId: actor.id,
    actorEmail: actor.email,
    action,
    target,
    source: actor.source,
    details,
  });
}

const listInput = z.object({ limit: z.number().int().min(1).max(500).default(50) }).default({ limit: 50 });

export async function listAuditEvents(ctx: { actor: Actor; db: Db }, input?: z.input<typeof listInput>) {
  requireRole(ctx.actor, "admin");
  const { limit } = listInput.parse(input);
  return ctx.db.select().from(auditEvents).orderBy(desc(auditEvents.at), desc(auditEvents.id)).limit(limit);
}
