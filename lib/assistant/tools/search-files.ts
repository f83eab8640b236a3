// searchFiles: every backed-up version of a file by name or path. File names are data: they reach
// the model as values of a result, and nothing they say can run an action (actions need approval).
import { searchCatalog } from "@/lib/services/restore-points";
import { lookupTool, type ToolContext } from "./context";

export const searchFilesTool = (tc: ToolContext) =>
  lookupTool(tc, "searchFiles", async ({ query, asset, before, after }) => {
    const rows = await searchCatalog(tc.ctx, { query, asset, before, after, limit: 50 });
    return rows.map((r) => ({
      path: r.path,
      type: r.type,
      size: r.size,
      asset: r.asset,
      restorePoint: r.restorePointId,
      time: r.time.toISOString(),
    }));
  });
