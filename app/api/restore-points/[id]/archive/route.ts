// A folder of a restore point as a tar download: GET /api/restore-points/<id>/archive?path=P
// (P relative to the asset's folder or absolute inside the snapshot; the asset's folder when
// absent). Streamed from the repository as it is read, never buffered.
import { guardRoute } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { contentDisposition } from "@/lib/http/content-disposition";
import { toWebStream } from "@/lib/http/web-stream";
import { openRestorePointFolderArchive } from "@/lib/services/restore-point-archive";

export const dynamic = "force-dynamic";

// Operators and admins, like a file download: a folder holds what its files hold.
export const GET = guardRoute("operator", async (ctx, request, route) => {
  const { id } = await route.params;
  if (typeof id !== "string" || !id) throw new AppError("invalid_input", "Name a restore point.");
  const folder = new URL(request.url).searchParams.get("path") || undefined;
  const archive = await openRestorePointFolderArchive(ctx, { restorePoint: id, path: folder });
  request.signal?.addEventListener("abort", () => archive.stream.destroy(), { once: true });
  return new Response(toWebStream(archive.stream), {
    headers: {
      "content-type": "application/x-tar",
      "content-disposition": contentDisposition(archive.name),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
