// The assistant's executable tools: the contract of DESIGN.md, each built over lib/services with
// the user's context.
import { addAssetTool } from "./add-asset";
import type { ToolContext } from "./context";
import { createPolicyTool } from "./create-policy";
import { deletePolicyTool } from "./delete-policy";
import { diagnoseJobTool } from "./diagnose-job";
import { getStatusTool } from "./get-status";
import { listAssetsTool } from "./list-assets";
import { listPoliciesTool } from "./list-policies";
import { listRestorePointsTool } from "./list-restore-points";
import { planRecoveryTool } from "./plan-recovery";
import { recommendPolicyTool } from "./recommend-policy";
import { removeAssetTool } from "./remove-asset";
import { restoreTool } from "./restore";
import { runBackupTool } from "./run-backup";
import { searchFilesTool } from "./search-files";
import { startRecoveryTool } from "./start-recovery";
import { updatePolicyTool } from "./update-policy";
import { verifyRestorePointTool } from "./verify-restore-point";

export type { ToolContext } from "./context";
export { validateToolInput } from "./context";

export function buildTools(tc: ToolContext) {
  return {
    listAssets: listAssetsTool(tc),
    listPolicies: listPoliciesTool(tc),
    listRestorePoints: listRestorePointsTool(tc),
    searchFiles: searchFilesTool(tc),
    getStatus: getStatusTool(tc),
    diagnoseJob: diagnoseJobTool(tc),
    recommendPolicy: recommendPolicyTool(tc),
    runBackup: runBackupTool(tc),
    verifyRestorePoint: verifyRestorePointTool(tc),
    createPolicy: createPolicyTool(tc),
    updatePolicy: updatePolicyTool(tc),
    deletePolicy: deletePolicyTool(tc),
    addAsset: addAssetTool(tc),
    removeAsset: removeAssetTool(tc),
    restore: restoreTool(tc),
    planRecovery: planRecoveryTool(tc),
    startRecovery: startRecoveryTool(tc),
  };
}

export type AssistantTools = ReturnType<typeof buildTools>;
