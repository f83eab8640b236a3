// The whole domain of DESIGN.md in one schema that runs unchanged on PGlite and PostgreSQL.
// Sign-in tables follow what better-auth's Drizzle adapter expects (property names matter).
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

export const roles = ["viewer", "operator", "admin"] as const;
export type Role = (typeof roles)[number];

// --- sign-in (better-auth) ---

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: boolean("email_verified").notNull().default(false),
  image: text("image"),
  role: text("role").$type<Role>().notNull().default("viewer"),
  disabled: boolean("disabled").notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    token: text("token").notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const accounts = pgTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("accounts_user_idx").on(t.userId)],
);

export const verifications = pgTable("verifications", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull(),
  value: text("value").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

// --- what is protected, where, and how ---

export const repositories = pgTable(
  "repositories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull().unique(),
    url: text("url").notNull(),
    /** AES-GCM ciphertext (lib/secrets.ts), never plain text. */
    passwordEncrypted: text("password_encrypted").notNull(),
    /** Encrypted JSON of backend credentials (S3 keys), when the backend needs them. */
    credentialsEncrypted: text("credentials_encrypted"),
    isDefault: boolean("is_default").notNull().default(false),
    /** Bytes the repository occupies, measured after each backup and prune (for metrics and the advisor). */
    sizeBytes: bigint("size_bytes", { mode: "number" }),
    lastPrunedAt: timestamp("last_pruned_at", { withTimezone: true }),
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("repositories_one_default").on(t.isDefault).where(sql`${t.isDefault}`)],
);

export const assetKinds = ["directory", "postgres"] as const;
export type AssetKind = (typeof assetKinds)[number];

export const assets = pgTable("assets", {
  id: uuid("id").primaryKey().defaultRandom(),
  kind: text("kind").$type<AssetKind>().notNull(),
  name: text("name").notNull().unique(),
  path: text("path"),
  databaseUrlEncrypted: text("database_url_encrypted"),
  /** The database's name, kept in clear so it can be shown and searched; the URL is a secret. */
  databaseName: text("database_name"),
  /** The host that can reach this asset; only a worker bound to it (or unbound, when null) runs its jobs. */
  host: text("host"),
  excludes: jsonb("excludes").$type<string[]>().notNull().default([]),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export interface Retention {
  keepLast?: number;
  hourly?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
  withinDays?: number;
}

export const policies = pgTable("policies", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  schedule: text("schedule").notNull(),
  timezone: text("timezone").notNull().default("UTC"),
  retention: jsonb("retention").$type<Retention>().notNull().default({}),
  repositoryId: uuid("repository_id")
    .notNull()
    .references(() => repositories.id, { onDelete: "restrict" }),
  enabled: boolean("enabled").notNull().default(true),
  windowStart: text("window_start"),
  windowEnd: text("window_end"),
  rpoHours: integer("rpo_hours"),
  /** Five-field cron for verification drills in the policy's time zone; null turns drills off. */
  drillSchedule: text("drill_schedule").default("0 4 * * 0"),
  /** Prune the repository after a forget when the last prune is older than this. */
  pruneEveryDays: integer("prune_every_days").notNull().default(7),
  /** The scheduler has created every due run up to this instant (catch-up after downtime starts here). */
  scheduledThrough: timestamp("scheduled_through", { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const policyAssets = pgTable(
  "policy_assets",
  {
    policyId: uuid("policy_id")
      .notNull()
      .references(() => policies.id, { onDelete: "cascade" }),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => assets.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.policyId, t.assetId] }), index("policy_assets_asset_idx").on(t.assetId)],
);

// --- work ---

export const jobKinds = ["backup", "restore", "verify", "forget", "check"] as const;
// "missed": a scheduled run that could not start inside its policy's backup window.
export const jobStatuses = ["queued", "running", "succeeded", "failed", "cancelled", "missed"] as const;
export const sources = ["ui", "assistant", "schedule", "cli"] as const;
export type JobKind = (typeof jobKinds)[number];
export type JobStatus = (typeof jobStatuses)[number];
export type Source = (typeof sources)[number];

export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").$type<JobKind>().notNull(),
    status: text("status").$type<JobStatus>().notNull().default("queued"),
    params: jsonb("params").$type<Record<string, unknown>>().notNull().default({}),
    policyId: uuid("policy_id").references(() => policies.id, { onDelete: "set null" }),
    assetId: uuid("asset_id").references(() => assets.id, { onDelete: "set null" }),
    bytesDone: bigint("bytes_done", { mode: "number" }).notNull().default(0),
    bytesTotal: bigint("bytes_total", { mode: "number" }),
    filesDone: integer("files_done").notNull().default(0),
    filesTotal: integer("files_total"),
    currentPath: text("current_path"),
    log: text("log").notNull().default(""),
    error: text("error"),
    /** What the run produced: snapshot id, bytes read and added, duration (kept for the advisor). */
    result: jsonb("result").$type<Record<string, unknown>>(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    /** Not claimed before this instant: retries back off by moving it forward. */
    runAfter: timestamp("run_after", { withTimezone: true }).notNull().defaultNow(),
    /** Only a worker on this host may run the job (the asset's host); null: any worker. */
    host: text("host"),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    scheduledFor: timestamp("scheduled_for", { withTimezone: true }),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    source: text("source").$type<Source>().notNull(),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    // One job per policy, asset, kind and scheduled minute: schedulers in many processes cannot
    // duplicate. Manual jobs have no scheduled time (NULLs never collide).
    uniqueIndex("jobs_policy_asset_kind_scheduled_for").on(t.policyId, t.assetId, t.kind, t.scheduledFor),
    index("jobs_status_created_idx").on(t.status, t.createdAt),
    index("jobs_claim_idx").on(t.status, t.runAfter),
  ],
);

export const verifiedStatuses = ["unverified", "verified", "failed"] as const;

export const restorePoints = pgTable(
  "restore_points",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => assets.id, { onDelete: "cascade" }),
    repositoryId: uuid("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    snapshotId: text("snapshot_id").notNull(),
    time: timestamp("time", { withTimezone: true }).notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull().default(0),
    fileCount: integer("file_count").notNull().default(0),
    verifiedStatus: text("verified_status")
      .$type<(typeof verifiedStatuses)[number]>()
      .notNull()
      .default("unverified"),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    /** Why the last drill failed, in words. */
    verifiedError: text("verified_error"),
    rowCounts: jsonb("row_counts").$type<Record<string, number>>(),
    /** Files that could not be read during the backup (the backup itself succeeded). */
    warnings: jsonb("warnings").$type<{ path: string; message: string }[]>().notNull().default([]),
    bytesAdded: bigint("bytes_added", { mode: "number" }).notNull().default(0),
    /** The snapshot's tags, as restic lists them ("lifeboat", "asset:<id>", "policy:<id>"). */
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    jobId: uuid("job_id").references(() => jobs.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("restore_points_repo_snapshot").on(t.repositoryId, t.snapshotId),
    index("restore_points_asset_time_idx").on(t.assetId, t.time),
    // The list across assets, newest first and keyset-paged by (time, id): an index walk, not a
    // sort of every point (100,000 of them took 125 ms a page on PostgreSQL).
    index("restore_points_time_id_idx").on(t.time, t.id),
  ],
);

export const catalogEntries = pgTable(
  "catalog_entries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    restorePointId: uuid("restore_point_id")
      .notNull()
      .references(() => restorePoints.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    type: text("type").$type<"file" | "dir" | "symlink" | "other">().notNull(),
    size: bigint("size", { mode: "number" }).notNull().default(0),
    mtime: timestamp("mtime", { withTimezone: true }),
  },
  (t) => [
    index("catalog_entries_point_path_idx").on(t.restorePointId, t.path),
    // Case-insensitive prefix and name search ("where is report.pdf").
    index("catalog_entries_lower_path_idx").on(sql`lower(${t.path}) text_pattern_ops`),
  ],
);

/**
 * Every path the catalog has ever held, once: "Search files" matches a name part against these
 * (thousands of times fewer rows than catalog_entries, where each path repeats once per restore
 * point) and then fetches the versions by exact path. Its trigram index is made where pg_trgm
 * exists (migration 0007), like the catalog's. Paths of forgotten restore points stay: a search
 * only returns versions that still exist.
 */
export const catalogPaths = pgTable("catalog_paths", {
  path: text("path").primaryKey(),
});

// --- notifications ---

export const webhooks = pgTable("webhooks", {
  id: uuid("id").primaryKey().defaultRandom(),
  url: text("url").notNull(),
  /** Failures are always sent; successes only when this is set. */
  onSuccess: boolean("on_success").notNull().default(false),
  enabled: boolean("enabled").notNull().default(true),
  createdAt: createdAt(),
});

/**
 * One row per notification that was sent (or is being sent) about a condition: a failed job, a
 * missed run, an RPO breach, a failed drill, a scheduled report. While a row for (event, subject)
 * is open, the condition is known and nothing more is sent; the row closes when the condition ends
 * (a backup succeeds, the breach ends) or goes stale, and the next occurrence sends again. The
 * partial unique index lets every scheduler and worker try the insert at once: one wins and sends.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    event: text("event").notNull(),
    subject: text("subject").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("notifications_one_open").on(t.event, t.subject).where(sql`${t.closedAt} is null`),
    index("notifications_opened_idx").on(t.openedAt),
  ],
);

/** Small settings edited in the dashboard (the report schedule) or noted by it (its address). */
export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").$type<unknown>().notNull(),
  /** Who changed it last (a user id; null for settings the system notes itself). */
  updatedBy: text("updated_by"),
  updatedAt: updatedAt(),
});

// --- history and conversation ---

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: text("actor_id"),
    actorEmail: text("actor_email"),
    action: text("action").notNull(),
    target: text("target"),
    source: text("source").$type<Source>().notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_events_at_idx").on(t.at), index("audit_events_target_idx").on(t.target)],
);

export const chats = pgTable(
  "chats",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull().default("New chat"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("chats_user_idx").on(t.userId, t.updatedAt)],
);

export const chatMessages = pgTable(
  "chat_messages",
  {
    id: text("id").primaryKey(),
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    role: text("role").$type<"user" | "assistant" | "system" | "tool">().notNull(),
    /** The AI SDK message parts (text, tool calls, approvals) as sent to the client. */
    parts: jsonb("parts").$type<unknown[]>().notNull(),
    model: text("model"),
    /** The chat's user's rating of an answer: 1 (thumbs up), -1 (thumbs down), or none. */
    rating: smallint("rating"),
    ratedAt: timestamp("rated_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("chat_messages_chat_idx").on(t.chatId, t.createdAt)],
);

export const approvalStatuses = ["pending", "approved", "denied", "executed", "failed"] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];

/**
 * Every action the assistant drafted, and what became of it. The server, not the browser, holds
 * this: an action runs only when its row was approved by the chat's user, for that exact call
 * (tool, arguments, chat), and is claimed once. `request`, `inventory` and `finalInput` are the
 * learning loop's examples (what was asked, what could be named, what the person approved).
 */
export const assistantApprovals = pgTable(
  "assistant_approvals",
  {
    /** The AI SDK's approval id, as shown to the browser. */
    id: text("id").primaryKey(),
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    toolCallId: text("tool_call_id").notNull(),
    toolName: text("tool_name").notNull(),
    /** The arguments as the model drafted them. */
    input: jsonb("input").$type<Record<string, unknown>>().notNull(),
    /** The arguments approved (differs from `input` when the person edited the draft). */
    finalInput: jsonb("final_input").$type<Record<string, unknown>>(),
    edited: boolean("edited").notNull().default(false),
    /** The user's message that led to the draft. */
    request: text("request"),
    /** Names the model could act on when it drafted (assets, policies, repositories). */
    inventory: jsonb("inventory").$type<Record<string, string[]>>(),
    model: text("model"),
    status: text("status").$type<ApprovalStatus>().notNull().default("pending"),
    reason: text("reason"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    executedAt: timestamp("executed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("assistant_approvals_chat_call").on(t.chatId, t.toolCallId),
    index("assistant_approvals_user_idx").on(t.userId, t.createdAt),
  ],
);

// --- recovery ---

export const recoveryStatuses = ["draft", "running", "succeeded", "failed"] as const;
export type RecoveryStatus = (typeof recoveryStatuses)[number];

/**
 * A recovery plan for an incident, saved as a draft so it can be read and edited calmly, then
 * started once: each item becomes one restore job. `status` is stored as draft or running; the
 * end (succeeded or failed) is read from the items' jobs and written back when seen.
 */
export const recoveryPlans = pgTable(
  "recovery_plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Restore points are taken at or before this instant. */
    incidentAt: timestamp("incident_at", { withTimezone: true }).notNull(),
    reason: text("reason"),
    /** The host the incident named ("web-1 is gone"), when it named one. */
    host: text("host"),
    databasesFirst: boolean("databases_first").notNull().default(false),
    status: text("status").$type<RecoveryStatus>().notNull().default("draft"),
    /** The restore throughput the estimates used, and whether it was measured or assumed. */
    bytesPerSecond: bigint("bytes_per_second", { mode: "number" }).notNull(),
    throughputMeasured: boolean("throughput_measured").notNull().default(false),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    source: text("source").$type<Source>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("recovery_plans_created_idx").on(t.createdAt)],
);

export const recoveryItems = pgTable(
  "recovery_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => recoveryPlans.id, { onDelete: "cascade" }),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => assets.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /** Stage 2 starts when stage 1 has ended (databases before the folders that use them). */
    stage: integer("stage").notNull().default(1),
    /** Null when the asset has no restore point before the incident (the risk says so). */
    restorePointId: uuid("restore_point_id").references(() => restorePoints.id, { onDelete: "set null" }),
    risk: text("risk"),
    target: text("target").notNull(),
    overwrite: boolean("overwrite").notNull().default(false),
    estimatedSeconds: integer("estimated_seconds"),
    dataLossSeconds: integer("data_loss_seconds"),
    jobId: uuid("job_id").references(() => jobs.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("recovery_items_plan_asset").on(t.planId, t.assetId)],
);
