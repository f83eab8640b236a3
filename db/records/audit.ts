// Writing the audit log: one row per state change. Services write it for what people ask for;
// job kinds write it for what they change on their own (check, forget, prune), so both sit above
// this file and neither imports the other.
import type { Queryable } from "../client";
import { auditEvents, type Source } from "../schema";

/** Who a row names: a user, the CLI's local administrator, or a job run on someone's behalf. */
export interface AuditActor {
  id: string | null;
  email: string;
  source: Source;
}

export async function recordAudit(
  db: Queryable,
  actor: AuditActor,
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
