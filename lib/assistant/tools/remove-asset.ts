// removeAsset: after approval.
import { removeAsset } from "@/lib/services/assets";
import { actionTool, type ToolContext } from "./context";

export const removeAssetTool = (tc: ToolContext) =>
  actionTool(tc, "removeAsset", async ({ asset }) => {
    const removed = await removeAsset(tc.ctx, asset);
    return { removed: removed.name };
  });
