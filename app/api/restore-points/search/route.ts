// The catalog search ("Search files") as JSON: ?q=<part of a name or path>&asset=&limit=1..1000,
// every version across restore points, newest first.
import { guardRoute } from "@/lib/auth/guard";
import { searchCatalog } from "@/lib/services/restore-points";

export const dynamic = "force-dynamic";

export const GET = guardRoute("viewer", async (ctx, request) => {
  const q = new URL(request.url).searchParams;
  const hits = await searchCatalog(ctx, {
    query: q.get("q") ?? "",
    asset: q.get("asset") || undefined,
    limit: q.has("limit") ? Number(q.get("limit")) : 200,
  });
  return Response.json({ hits }, { headers: { "cache-control": "no-store" } });
});
