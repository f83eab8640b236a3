// The protection report as a file: GET /api/reports?period=day|week|month&format=md|csv|pdf
// [&which=previous|current][&at=YYYY-MM-DD][&tz=ZONE]. Viewers read reports; nothing secret is in
// the URL, only which period to show.
import { guardRoute } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { reportFile } from "@/lib/services/reports";

export const dynamic = "force-dynamic";

const formats = ["md", "csv", "pdf"] as const;

export const GET = guardRoute("viewer", async (ctx, request) => {
  const q = new URL(request.url).searchParams;
  const format = q.get("format") ?? "md";
  if (!(formats as readonly string[]).includes(format))
    throw new AppError("invalid_input", "format: md, csv or pdf.");
  const file = await reportFile(ctx, {
    period: (q.get("period") ?? undefined) as "day" | "week" | "month" | undefined,
    which: (q.get("which") ?? undefined) as "previous" | "current" | undefined,
    at: q.get("at") || undefined,
    timezone: q.get("tz") || undefined,
    format: format as (typeof formats)[number],
  });
  const body = typeof file.body === "string" ? file.body : Buffer.from(file.body);
  return new Response(body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
