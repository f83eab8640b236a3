// runBackup: a backup now of an asset or a policy (operators; the contract runs it without approval).
import { runBackupNow } from "@/lib/services/jobs";
import { lookupTool, type ToolContext } from "./context";

export const runBackupTool = (tc: ToolContext) =>
  lookupTool(tc, "runBackup", async ({ asset, policy }) => {
    const jobs = await runBackupNow(tc.ctx, asset ? { asset } : { policy });
    return jobs.map((j) => ({ job: j.id, kind: j.kind, status: j.status }));
  });
