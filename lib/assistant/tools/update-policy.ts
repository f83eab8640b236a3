// updatePolicy: schedule, retention or enabled state, after approval.
import { updatePolicy } from "@/lib/services/policies";
import { actionTool, type ToolContext } from "./context";

export const updatePolicyTool = (tc: ToolContext) =>
  actionTool(tc, "updatePolicy", async ({ policy, schedule, retention, enabled }) => {
    const p = await updatePolicy(tc.ctx, { policy, schedule, retention, enabled });
    return {
      policy: p.name,
      enabled: p.enabled,
      schedule: p.schedule,
      timezone: p.timezone,
      retention: p.retention,
      nextRunAt: p.nextRunAt?.toISOString() ?? null,
    };
  });
