// deletePolicy: after approval; its restore points stay.
import { deletePolicy } from "@/lib/services/policies";
import { actionTool, type ToolContext } from "./context";

export const deletePolicyTool = (tc: ToolContext) =>
  actionTool(tc, "deletePolicy", async ({ policy }) => {
    const deleted = await deletePolicy(tc.ctx, policy);
    return { deleted: deleted.name };
  });
