// verifyRestorePoint: a restore drill of a point (operators; no approval in the contract).
import { startVerify } from "@/lib/services/jobs";
import { lookupTool, type ToolContext } from "./context";

export const verifyRestorePointTool = (tc: ToolContext) =>
  lookupTool(tc, "verifyRestorePoint", async ({ asset, restorePoint }) => {
    const job = await startVerify(tc.ctx, { asset, restorePoint });
    return { job: job.id, kind: job.kind, status: job.status };
  });
