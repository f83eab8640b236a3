// Prometheus metrics (text format 0.0.4) for a signed-in viewer. A scraper without a session may
// send `Authorization: Bearer <LIFEBOAT_METRICS_TOKEN>` when that variable is set.

import type { ServiceContext } from "@/lib/auth/context";
import { guardRoute } from "@/lib/auth/guard";
import { metricsTokenFromHeaders } from "@/lib/auth/server";
import { renderMetrics } from "@/lib/services/metrics";

export const dynamic = "force-dynamic";

const bySession = guardRoute("viewer", async (ctx) => respond(ctx));

async function respond(ctx: ServiceContext): Promise<Response> {
  const metrics = await renderMetrics(ctx);
  return new Response(metrics.body, {
    headers: { "content-type": metrics.contentType, "cache-control": "no-store" },
  });
}

export const GET = Object.assign(
  async (request: Request, route: Parameters<typeof bySession>[1]) => {
    const scraper = await metricsTokenFromHeaders(request.headers);
    return scraper ? respond(scraper) : bySession(request, route);
  },
  { requiredRole: bySession.requiredRole },
);
