// The restore approval card's details (restore point, target, estimate) for a drafted restore.
import { guardRoute } from "@/lib/auth/guard";
import { previewRestore } from "@/lib/services/restore-preview";

export const dynamic = "force-dynamic";

export const POST = guardRoute("viewer", async (ctx, request) =>
  Response.json(await previewRestore(ctx, await request.json())),
);
