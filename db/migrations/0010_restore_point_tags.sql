ALTER TABLE "restore_points" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;
--> statement-breakpoint
-- Points made before this migration: the tags every Lifeboat backup gives its snapshot
-- (lib/jobs/kinds/backup-tags.ts), rebuilt from the point's asset and its backup job's policy.
UPDATE "restore_points" p SET "tags" = ARRAY['lifeboat', 'asset:' || p."asset_id"]
  || COALESCE((SELECT ARRAY['policy:' || j."policy_id"] FROM "jobs" j WHERE j."id" = p."job_id" AND j."policy_id" IS NOT NULL), '{}'::text[]);
