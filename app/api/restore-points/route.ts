// Restore points as JSON, newest first, keyset-paged like the /restore-points page:
// ?asset=<id>&kind=&verified=&since=&until=&before=<cursor of the previous page's last row>&limit=1..200.
import { guardRoute } from "@/lib/auth/guard";
import { listRestorePointsPage } from "@/lib/services/restore-point-views";

export const dynamic = "force-dynamic";

export const GET = guardRoute("viewer", async (ctx, request) => {
  const q = new URL(request.url).searchParams;
  const text = (name: string) => q.get(name) || undefined;
  const page = await listRestorePointsPage(ctx, {
    assetId: text("asset"),
    kind: text("kind") as never,
    verified: text("verified") as never,
    since: text("since") as never,
    until: text("until") as never,
    before: text("before"),
    limit: q.has("limit") ? Number(q.get("limit")) : undefined,
  });
  return Response.json(page, { headers: { "cache-control": "no-store" } });
});
