// The newest audit events (admin only): ?limit=1..500, default 50.
import { guardRoute } from "@/lib/auth/guard";
import { listAuditEvents } from "@/lib/services/audit";

export const dynamic = "force-dynamic";

export const GET = guardRoute("admin", async (ctx, request) => {
  const limit = new URL(request.url).searchParams.get("limit");
  const events = await listAuditEvents(ctx, limit ? { limit: Number(limit) } : undefined);
  return Response.json({ events });
});
