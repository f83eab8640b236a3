CREATE TABLE "webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"url" text NOT NULL,
	"on_success" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "jobs_policy_scheduled_for";--> statement-breakpoint
ALTER TABLE "policies" ALTER COLUMN "drill_schedule" SET DEFAULT '0 4 * * 0';--> statement-breakpoint
ALTER TABLE "assets" ADD COLUMN "database_name" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "result" jsonb;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "max_attempts" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "run_after" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "host" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "cancel_requested" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "prune_every_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "scheduled_through" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "repositories" ADD COLUMN "size_bytes" bigint;--> statement-breakpoint
ALTER TABLE "repositories" ADD COLUMN "last_pruned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "repositories" ADD COLUMN "last_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "restore_points" ADD COLUMN "verified_error" text;--> statement-breakpoint
ALTER TABLE "restore_points" ADD COLUMN "warnings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "restore_points" ADD COLUMN "bytes_added" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_policy_asset_kind_scheduled_for" ON "jobs" USING btree ("policy_id","asset_id","kind","scheduled_for");--> statement-breakpoint
CREATE INDEX "jobs_claim_idx" ON "jobs" USING btree ("status","run_after");