// "What changed" as JSON: this restore point against ?against=<older point> (the asset's previous
// one by default), totals and up to ?limit= changes.
import { guardRoute } from "@/lib/auth/guard";
import { diffRestorePoints } from "@/lib/services/restore-point-diff";

export const dynamic = "force-dynamic";

export const GET = guardRoute("viewer", async (ctx, request, route) => {
  const { id } = await route.params;
  const q = new URL(request.url).searchParams;
  const diff = await diffRestorePoints(ctx, {
    restorePoint: String(id ?? ""),
    against: q.get("against") || undefined,
    limit: q.has("limit") ? Number(q.get("limit")) : 500,
  });
  return Response.json(diff, { headers: { "cache-control": "no-store" } });
});
