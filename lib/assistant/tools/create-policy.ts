// createPolicy: drafted by the model, run after approval; scheduled in the user's time zone.
import { createPolicy } from "@/lib/services/policies";
import { actionTool, type ToolContext } from "./context";

export function defaultPolicyName(assets: string[], schedule: string): string {
  return `${assets.join("+")} ${schedule}`.slice(0, 100);
}

export const createPolicyTool = (tc: ToolContext) =>
  actionTool(tc, "createPolicy", async ({ name, assets, schedule, retention, repository }) => {
    const p = await createPolicy(tc.ctx, {
      name: name ?? defaultPolicyName(assets, schedule),
      assets,
      schedule,
      timezone: tc.timeZone,
      retention,
      repository,
    });
    return {
      policy: p.name,
      schedule: p.schedule,
      timezone: p.timezone,
      retention: p.retention,
      assets: p.assets.map((a) => a.name),
      repository: p.repository.name,
      nextRunAt: p.nextRunAt?.toISOString() ?? null,
    };
  });
