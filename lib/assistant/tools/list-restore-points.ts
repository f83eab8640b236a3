// listRestorePoints: newest first, of one asset and a time range when given.
import { listRestorePoints } from "@/lib/services/restore-points";
import { lookupTool, type ToolContext } from "./context";

export const listRestorePointsTool = (tc: ToolContext) =>
  lookupTool(tc, "listRestorePoints", async ({ asset, before, after, limit }) => {
    const rows = await listRestorePoints(tc.ctx, { asset, before, after, limit: Math.min(limit ?? 20, 100) });
    return rows.map((p) => ({
      id: p.id,
      snapshot: p.snapshotId.slice(0, 8),
      asset: p.asset,
      kind: p.kind,
      time: p.time.toISOString(),
      sizeBytes: p.sizeBytes,
      fileCount: p.fileCount,
      verified: p.verifiedStatus,
      repository: p.repository,
    }));
  });
