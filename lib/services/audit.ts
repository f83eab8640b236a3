// The audit log, read side: every change leaves one row (written through db/records/audit.ts).
import { desc } from "drizzle-orm";
import { z } from "zod";
import { auditEvents } from "@/db/schema";
import { service } from "@/lib/auth/context";
import type { ServiceContext } from "./context";

const listInput = z.object({ limit: z.number().int().min(1).max(500).default(50) }).default({ limit: 50 });

export const listAuditEvents = service(
  "admin",
  async function listAuditEvents(ctx: ServiceContext, input?: z.input<typeof listInput>) {
    const { limit } = listInput.parse(input);
    return ctx.db.select().from(auditEvents).orderBy(desc(auditEvents.at), desc(auditEvents.id)).limit(limit);
  },
);
