ALTER TABLE "chat_messages" ADD COLUMN "rating" smallint;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD COLUMN "rated_at" timestamp with time zone;