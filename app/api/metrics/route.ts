// Prometheus metrics (text format 0.0.4) for a signed-in viewer. A scraper without a session may
// send `Authorization: Bearer <LIFEBOAT_METRICS_TOKEN>` when that variable is set.
import { timingSafeEqual } from "node:crypto";
import { guardRoute } from "@/lib/auth/guard";
import { renderMetrics } from "@/lib/services/metrics";

export const dynamic = "force-dynamic";

const bySession = guardRoute("viewer", async (ctx) => respond(await renderMetrics(ctx)));

function respond(metrics: { contentType: string; body: string }): Response {
  return new Response(metrics.body, {
    headers: { "content-type": metrics.contentType, "cache-control": "no-store" },
  });
}

function tokenMatches(request: Request): boolean {
  const token = process.env.LIFEBOAT_METRICS_TOKEN;
  const header = request.headers.get("authorization") ?? "";
  if (!token || !header.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice("Bearer ".length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const GET = Object.assign(
  async (request: Request, route: Parameters<typeof bySession>[1]) => {
    if (!tokenMatches(request)) return bySession(request, route);
    const { getDb } = await import("@/db");
    const actor = { id: null, email: "metrics-token", role: "viewer" as const, source: "ui" as const };
    return respond(await renderMetrics({ actor, db: await getDb() }));
  },
  { requiredRole: bySession.requiredRole },
);
