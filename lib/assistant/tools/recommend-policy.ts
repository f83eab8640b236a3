// recommendPolicy: the advisor's schedule and retention for an asset (a look-up; no approval).
// The answer carries the summary and the createPolicy draft it leads to, not the whole frontier:
// the model needs the choice and its reasons, the chart is the dashboard's.
import { recommendPolicyForAssistant } from "@/lib/services/advisor-tool";
import { lookupTool, type ToolContext } from "./context";

export const recommendPolicyTool = (tc: ToolContext) =>
  lookupTool(tc, "recommendPolicy", async (input) => {
    const { recommendation, summary, draft } = await recommendPolicyForAssistant(tc.ctx, input);
    const plan = recommendation.feasible
      ? {
          schedule: recommendation.plan.cron,
          scheduleText: recommendation.plan.scheduleText,
          retention: recommendation.plan.retention,
          binding: recommendation.bindingText,
        }
      : null;
    return { asset: recommendation.asset.name, feasible: recommendation.feasible, summary, plan, draft };
  });
