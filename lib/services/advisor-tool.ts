// What the assistant's recommendPolicy tool calls (issue 21 builds lib/assistant/tools/; the tool
// there should be a thin wrapper over this): the recommendation for the tool contract's
// arguments, a one-paragraph summary for the chat card, and the createPolicy draft it leads to
// (one approval away), or, when nothing fits, the failing constraints and no draft.
import type { ToolInput } from "@/lib/assistant/tool-contract";
import { service } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { type PolicySuggestion, suggestPolicy } from "./advisor";
import type { ServiceContext } from "./context";

export interface PolicyRecommendationCard {
  recommendation: PolicySuggestion;
  summary: string;
  draft: { tool: "createPolicy"; args: ToolInput<"createPolicy"> } | null;
}

const gb = (b: number) => `${(b / 1e9).toFixed(b < 1e10 ? 2 : 1)} GB`;

export const recommendPolicyForAssistant = service(
  "viewer",
  async function recommendPolicyForAssistant(
    ctx: ServiceContext,
    args: ToolInput<"recommendPolicy">,
  ): Promise<PolicyRecommendationCard> {
    if (!args.windowStart !== !args.windowEnd)
      throw new AppError("invalid_input", "window: give both its start and its end (HH:MM)");
    const recommendation = await suggestPolicy(ctx, {
      asset: args.asset,
      rpoHours: args.rpoHours,
      keepDays: args.keepDays,
      budgetGb: args.storageBudgetGB,
      window: args.windowStart ? `${args.windowStart}-${args.windowEnd}` : undefined,
    });
    const history = recommendation.measured ? "" : " (no backup history yet: stated defaults used)";
    if (!recommendation.feasible) {
      return {
        recommendation,
        summary: `No schedule and retention for ${recommendation.asset.name} meets the constraints${history}: ${recommendation.failures.map((f) => f.message).join("; ")}.`,
        draft: null,
      };
    }
    const p = recommendation.plan;
    return {
      recommendation,
      summary:
        `For ${recommendation.asset.name}${history}: ${p.scheduleText} (${p.cron}), keeping points back ${Math.round(p.reachDays)} days; ` +
        `storage ${gb(p.storage.days30)} after 30 days, ${gb(p.storage.days365)} after a year; ` +
        `expected loss ${gb(p.expectedLossBytes)}, worst case ${gb(p.worstLossBytes)}; ${p.cost.toFixed(2)} a month. ` +
        `Binding: ${recommendation.bindingText}. Weights: ${recommendation.weights.meaning}.`,
      draft: {
        tool: "createPolicy",
        args: {
          name: `${recommendation.asset.name}-advised`,
          assets: [recommendation.asset.name],
          schedule: p.cron,
          retention: p.retention,
        },
      },
    };
  },
);
