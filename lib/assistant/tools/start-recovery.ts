// startRecovery: launches a saved plan's restores, only after the person approved that exact call.
import { startRecovery } from "@/lib/services/recovery-start";
import { actionTool, type ToolContext } from "./context";

export const startRecoveryTool = (tc: ToolContext) =>
  actionTool(tc, "startRecovery", async ({ plan }) => {
    const recovery = await startRecovery(tc.ctx, { plan });
    return {
      plan: recovery.id,
      status: recovery.status,
      url: `/recovery/${recovery.id}`,
      restores: recovery.items
        .filter((i) => i.job)
        .map((i) => ({ asset: i.asset.name, job: i.job?.id, target: i.target, overwrite: i.overwrite })),
      skipped: recovery.items.filter((i) => !i.job).map((i) => ({ asset: i.asset.name, risk: i.risk })),
    };
  });
