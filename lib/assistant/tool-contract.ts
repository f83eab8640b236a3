// The assistant's tool contract (DESIGN.md, "Assistant"): names and argument names are fixed, so
// every model — hosted or the offline planner — plans the same calls, and the executable tools of
// lib/assistant/tools/ are built over these schemas. Times are ISO-8601 instants; `schedule` is a
// five-field cron in the policy's time zone; assets and policies are referred to by name, path or
// database name.
import { z } from "zod";

const instant = z.string().describe("ISO-8601 instant");
const assetRef = z.string().min(1).describe("asset name, path or database name");
const policyRef = z.string().min(1).describe("policy name");

export const retentionSchema = z
  .object({
    keepLast: z.number().int().positive().optional(),
    hourly: z.number().int().positive().optional(),
    daily: z.number().int().positive().optional(),
    weekly: z.number().int().positive().optional(),
    monthly: z.number().int().positive().optional(),
    yearly: z.number().int().positive().optional(),
    withinDays: z.number().int().positive().optional(),
  })
  .describe('"for N days" is withinDays, "N daily" is daily, "keep the last N" is keepLast');
export type Retention = z.infer<typeof retentionSchema>;
export const RETENTION_KEYS = [
  "keepLast",
  "hourly",
  "daily",
  "weekly",
  "monthly",
  "yearly",
  "withinDays",
] as const;

const cron = z.string().describe("five-field cron in the policy's time zone");

export const toolInputSchemas = {
  listAssets: z.object({ kind: z.enum(["directory", "postgres"]).optional() }),
  listPolicies: z.object({ asset: assetRef.optional() }),
  listRestorePoints: z.object({
    asset: assetRef.optional(),
    before: instant.optional(),
    after: instant.optional(),
    limit: z.number().int().positive().optional(),
  }),
  searchFiles: z.object({
    query: z.string().min(1),
    asset: assetRef.optional(),
    before: instant.optional(),
    after: instant.optional(),
  }),
  getStatus: z.object({}),
  diagnoseJob: z.object({ job: z.string().optional().describe("newest failed job when absent") }),
  recommendPolicy: z.object({
    asset: assetRef,
    rpoHours: z.number().positive().optional(),
    keepDays: z.number().int().positive().optional(),
    storageBudgetGB: z.number().positive().optional(),
    windowStart: z.string().optional().describe("HH:MM"),
    windowEnd: z.string().optional().describe("HH:MM"),
  }),
  runBackup: z.object({ asset: assetRef.optional(), policy: policyRef.optional() }),
  verifyRestorePoint: z.object({ asset: assetRef.optional(), restorePoint: z.string().optional() }),
  createPolicy: z.object({
    name: z.string().optional(),
    assets: z.array(assetRef).min(1),
    schedule: cron,
    retention: retentionSchema,
    repository: z.string().optional(),
  }),
  updatePolicy: z.object({
    policy: policyRef,
    schedule: cron.optional(),
    retention: retentionSchema.optional(),
    enabled: z.boolean().optional(),
  }),
  deletePolicy: z.object({ policy: policyRef }),
  addAsset: z.object({
    kind: z.enum(["directory", "postgres"]),
    name: z.string().min(1),
    path: z.string().optional(),
    database: z.string().optional(),
  }),
  removeAsset: z.object({ asset: assetRef }),
  restore: z.object({
    asset: assetRef,
    restorePoint: z.string().optional(),
    at: instant.optional().describe("newest restore point at or before this instant"),
    paths: z.array(z.string()).optional(),
    target: z.string().optional().describe("a new folder or database; default: a new location"),
    overwrite: z.boolean().optional(),
  }),
  planRecovery: z.object({
    assets: z.array(assetRef).optional(),
    host: z.string().optional(),
    before: instant.optional(),
    reason: z.string().optional(),
  }),
  startRecovery: z.object({ plan: z.string().min(1) }),
} as const;

export type ToolName = keyof typeof toolInputSchemas;
export type ToolInput<T extends ToolName> = z.infer<(typeof toolInputSchemas)[T]>;
export const TOOL_NAMES = Object.keys(toolInputSchemas) as ToolName[];

/** Tools that change state: they run only after a person approves that exact call. */
export const APPROVAL_TOOLS: ReadonlySet<ToolName> = new Set<ToolName>([
  "createPolicy",
  "updatePolicy",
  "deletePolicy",
  "addAsset",
  "removeAsset",
  "restore",
  "startRecovery",
]);

/** Tools of the contract whose services do not exist yet: none since recovery plans (issue 24). */
export const LATER_TOOLS: ReadonlySet<ToolName> = new Set<ToolName>();

export const TOOL_DESCRIPTIONS: Record<ToolName, string> = {
  listAssets: "List the protected assets (folders and databases).",
  listPolicies: "List backup policies, optionally those covering one asset.",
  listRestorePoints: "List restore points, newest first, optionally of one asset and in a time range.",
  searchFiles: "Find every backed-up version of a file by name or path.",
  getStatus: "Summarise protection: assets at risk, RPO, recent failures, storage.",
  diagnoseJob: "Explain why a job failed and how to fix it (newest failed job by default).",
  recommendPolicy: "Suggest a policy for an asset from an RPO, retention and storage budget.",
  runBackup: "Start a backup now of an asset or a policy.",
  verifyRestorePoint: "Verify that a restore point restores (a restore drill).",
  createPolicy: "Create a backup policy (needs approval).",
  updatePolicy: "Change a policy's schedule, retention or enabled state (needs approval).",
  deletePolicy: "Delete a policy (needs approval).",
  addAsset: "Add a folder or PostgreSQL database as an asset (needs approval).",
  removeAsset: "Remove an asset (needs approval).",
  restore: "Restore an asset, or some paths of it, to a new location or over it (needs approval).",
  planRecovery:
    "Plan the recovery after an incident: for each asset (or every asset of a host) the newest verified restore point at or before `before`, its target, estimated time and data-loss window. Saved as a draft plan to start with startRecovery.",
  startRecovery:
    "Start a saved recovery plan by its id: its restores run as one tracked recovery (needs approval).",
};

export function needsApproval(tool: string): boolean {
  return APPROVAL_TOOLS.has(tool as ToolName);
}
