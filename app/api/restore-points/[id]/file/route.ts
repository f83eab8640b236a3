// One file of a restore point as a download: GET /api/restore-points/<id or snapshot prefix>/file?path=P
// (P relative to the asset's folder, or absolute inside the snapshot). Streamed, never buffered.
import { guardRoute } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { contentDisposition } from "@/lib/http/content-disposition";
import { toWebStream } from "@/lib/http/web-stream";
import { openRestorePointFile } from "@/lib/services/restore-points";

export const dynamic = "force-dynamic";

// Operators and admins: files of restore points include database dumps and configuration files,
// which hold secrets a viewer (who only reads the console's state) must not get.
export const GET = guardRoute("operator", async (ctx, request, route) => {
  const { id } = await route.params;
  const filePath = new URL(request.url).searchParams.get("path");
  if (typeof id !== "string" || !id) throw new AppError("invalid_input", "Name a restore point.");
  if (!filePath) throw new AppError("invalid_input", "path: name the file to download (?path=…).");
  const file = await openRestorePointFile(ctx, { restorePoint: id, path: filePath });
  // A client that goes away stops the engine from reading further packs.
  request.signal?.addEventListener("abort", () => file.stream.destroy(), { once: true });
  return new Response(toWebStream(file.stream), {
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(file.size),
      "content-disposition": contentDisposition(file.name),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
