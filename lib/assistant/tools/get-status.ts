// getStatus: the protection summary (assets at risk, RPO, failures of the day, verified points, storage).
import { getProtectionStatus } from "@/lib/services/status";
import { lookupTool, type ToolContext } from "./context";

export const getStatusTool = (tc: ToolContext) =>
  lookupTool(tc, "getStatus", () => getProtectionStatus(tc.ctx));
