CREATE TABLE "recovery_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"stage" integer DEFAULT 1 NOT NULL,
	"restore_point_id" uuid,
	"risk" text,
	"target" text NOT NULL,
	"overwrite" boolean DEFAULT false NOT NULL,
	"estimated_seconds" integer,
	"data_loss_seconds" integer,
	"job_id" uuid
);
--> statement-breakpoint
CREATE TABLE "recovery_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_at" timestamp with time zone NOT NULL,
	"reason" text,
	"host" text,
	"databases_first" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"bytes_per_second" bigint NOT NULL,
	"throughput_measured" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "recovery_items" ADD CONSTRAINT "recovery_items_plan_id_recovery_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."recovery_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_items" ADD CONSTRAINT "recovery_items_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_items" ADD CONSTRAINT "recovery_items_restore_point_id_restore_points_id_fk" FOREIGN KEY ("restore_point_id") REFERENCES "public"."restore_points"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_items" ADD CONSTRAINT "recovery_items_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_plans" ADD CONSTRAINT "recovery_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "recovery_items_plan_asset" ON "recovery_items" USING btree ("plan_id","asset_id");--> statement-breakpoint
CREATE INDEX "recovery_plans_created_idx" ON "recovery_plans" USING btree ("created_at");