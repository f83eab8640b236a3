// restore: to a new folder or database unless the approved call says overwrite (admins only).
import { startRestore } from "@/lib/services/jobs";
import { actionTool, type ToolContext } from "./context";

export const restoreTool = (tc: ToolContext) =>
  actionTool(tc, "restore", async ({ asset, restorePoint, at, paths, target, overwrite }) => {
    const job = await startRestore(tc.ctx, { asset, restorePoint, at, paths, target, overwrite });
    const params = job.params as { target?: string; overwrite?: boolean; restorePointId?: string };
    return {
      job: job.id,
      status: job.status,
      target: params.target,
      overwrite: Boolean(params.overwrite),
      restorePoint: params.restorePointId,
    };
  });
