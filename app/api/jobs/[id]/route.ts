// One job as JSON (with its log): what the job page polls when its event stream is down, and
// refetches when an event says the job changed.
import { guardRoute } from "@/lib/auth/guard";
import { getJobDetail } from "@/lib/services/job-views";

export const GET = guardRoute("viewer", async (ctx, _request, route) => {
  const { id } = await route.params;
  const job = await getJobDetail(ctx, String(id ?? ""));
  return Response.json(job, { headers: { "cache-control": "no-store" } });
});
