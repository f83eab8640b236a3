// The inventory the assistant may act on, as names only: asset names, folder paths and database
// names (never connection strings), policy names with their schedules, repository names (never
// URLs, which may carry credentials). Read through lib/services with the caller's context, so a
// model is only told what its user may see.

import type { ServiceContext } from "@/lib/auth/context";
import { listAssets } from "@/lib/services/assets";
import { listPolicies } from "@/lib/services/policies";
import { listRepositories } from "@/lib/services/repositories";
import type { Inventory } from "./offline/types";

export async function loadInventory(ctx: ServiceContext): Promise<Inventory> {
  const [assets, policies, repositories] = await Promise.all([
    listAssets(ctx),
    listPolicies(ctx),
    listRepositories(ctx),
  ]);
  return {
    assets: assets.map((a) => ({
      name: a.name,
      kind: a.kind === "postgres" ? "postgres" : "directory",
      ...(a.path ? { path: a.path } : {}),
      ...(a.databaseName ? { database: a.databaseName } : {}),
    })),
    policies: policies.map((p) => ({
      name: p.name,
      assets: p.assets.map((a) => a.name),
      schedule: p.schedule,
      retention: p.retention as Record<string, number>,
      enabled: p.enabled,
    })),
    repositories: repositories.map((r) => ({ name: r.name, default: r.isDefault })),
  };
}
