// planRecovery: the plan an incident calls for, no approval (it restores nothing). For operators
// it is saved as a draft, so startRecovery can name it and the Recovery page shows it; a viewer
// gets the same plan unsaved. `text` is the plan in words, in the user's time zone.
import { describePlan, type RecoveryText } from "@/lib/advisor/recovery-text";
import { hasRole } from "@/lib/auth/roles";
import { createRecoveryPlan, planRecovery } from "@/lib/services/recovery";
import { lookupTool, type ToolContext } from "./context";

const DATABASES_FIRST =
  /\b(?:databases?|dbs?) (?:first|before)\b|\bbefore (?:the )?(?:files|folders)\b|先.{0,6}数据库|数据库.{0,4}(?:优先|先)/i;

export const planRecoveryTool = (tc: ToolContext) =>
  lookupTool(tc, "planRecovery", async ({ assets, host, before, reason }) => {
    // The contract has no order argument: "databases first" is read from the request's words.
    const input = { assets, host, before, reason, databasesFirst: DATABASES_FIRST.test(reason ?? "") };
    if (hasRole(tc.ctx.actor, "operator")) {
      const plan = await createRecoveryPlan(tc.ctx, input);
      return {
        plan: plan.id,
        saved: true,
        url: `/recovery/${plan.id}`,
        status: plan.status,
        incidentAt: plan.incidentAt,
        estimatedSeconds: plan.estimatedSeconds,
        throughput: plan.throughput,
        items: plan.items.map((i) => ({
          asset: i.asset.name,
          kind: i.asset.kind,
          stage: i.stage,
          restorePoint: i.point
            ? { id: i.point.id, time: i.point.time, verified: i.point.verifiedStatus }
            : null,
          risk: i.risk,
          target: i.target,
          estimatedSeconds: i.estimatedSeconds,
          dataLossSeconds: i.dataLossSeconds,
        })),
        text: describePlan(plan, tc.timeZone),
      };
    }
    const plan = await planRecovery(tc.ctx, input);
    const view: RecoveryText = {
      id: "unsaved",
      status: "draft",
      incidentAt: plan.incidentAt.toISOString(),
      reason: plan.reason,
      databasesFirst: plan.databasesFirst,
      throughput: plan.throughput,
      estimatedSeconds: plan.estimatedSeconds,
      items: plan.items.map((i) => ({
        position: i.position,
        stage: i.stage,
        asset: { name: i.assetName, kind: i.kind, original: "" },
        point: i.point
          ? {
              snapshot: i.point.id.slice(0, 8),
              time: i.point.time.toISOString(),
              verifiedStatus: i.point.verifiedStatus,
            }
          : null,
        risk: i.risk,
        target: i.target,
        overwrite: false,
        estimatedSeconds: i.estimatedSeconds,
        dataLossSeconds: i.dataLossSeconds,
      })),
    };
    return {
      plan: null,
      saved: false,
      note: "Not saved: starting a recovery needs an operator.",
      estimatedSeconds: plan.estimatedSeconds,
      throughput: plan.throughput,
      text: describePlan(view, tc.timeZone),
    };
  });
