// listAssets: what is protected, with the policies covering each and its newest restore points.
import { listAssets } from "@/lib/services/assets";
import { lookupTool, type ToolContext } from "./context";

export const listAssetsTool = (tc: ToolContext) =>
  lookupTool(tc, "listAssets", async ({ kind }) => {
    const rows = await listAssets(tc.ctx);
    return rows
      .filter((a) => !kind || a.kind === kind)
      .map((a) => ({
        name: a.name,
        kind: a.kind,
        path: a.path,
        database: a.databaseName,
        host: a.host,
        policies: a.policies.map((p) => p.name),
        newestRestorePointAt: a.newestRestorePointAt?.toISOString() ?? null,
        newestVerifiedAt: a.newestVerifiedAt?.toISOString() ?? null,
      }));
  });
