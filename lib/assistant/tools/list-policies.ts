// listPolicies: every policy, or those covering one asset (named by name, path or database name).
import { findAsset } from "@/lib/services/lookup";
import { listPolicies } from "@/lib/services/policies";
import { lookupTool, type ToolContext } from "./context";

export const listPoliciesTool = (tc: ToolContext) =>
  lookupTool(tc, "listPolicies", async ({ asset }) => {
    const only = asset ? (await findAsset(tc.ctx.db, asset)).id : null;
    const rows = await listPolicies(tc.ctx);
    return rows
      .filter((p) => !only || p.assets.some((a) => a.id === only))
      .map((p) => ({
        name: p.name,
        enabled: p.enabled,
        schedule: p.schedule,
        timezone: p.timezone,
        retention: p.retention,
        repository: p.repository.name,
        assets: p.assets.map((a) => a.name),
        rpoHours: p.rpoHours,
        nextRunAt: p.nextRunAt?.toISOString() ?? null,
      }));
  });
