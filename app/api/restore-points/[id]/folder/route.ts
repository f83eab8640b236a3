// One page of one folder of a restore point as JSON (what the file browser shows):
// ?path=<folder, relative to the asset's folder or absolute>&filter=&after=<last name>&limit=1..1000.
import { guardRoute } from "@/lib/auth/guard";
import { browseFolderPage } from "@/lib/services/restore-point-views";

export const dynamic = "force-dynamic";

export const GET = guardRoute("viewer", async (ctx, request, route) => {
  const { id } = await route.params;
  const q = new URL(request.url).searchParams;
  const page = await browseFolderPage(ctx, {
    restorePoint: String(id ?? ""),
    path: q.get("path") || undefined,
    filter: q.get("filter") || undefined,
    after: q.get("after") ?? undefined,
    limit: q.has("limit") ? Number(q.get("limit")) : undefined,
  });
  return Response.json(page, { headers: { "cache-control": "no-store" } });
});
