CREATE TABLE "assistant_approvals" (
	"id" text PRIMARY KEY NOT NULL,
	"chat_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"tool_call_id" text NOT NULL,
	"tool_name" text NOT NULL,
	"input" jsonb NOT NULL,
	"final_input" jsonb,
	"edited" boolean DEFAULT false NOT NULL,
	"request" text,
	"inventory" jsonb,
	"model" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"decided_at" timestamp with time zone,
	"executed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assistant_approvals" ADD CONSTRAINT "assistant_approvals_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_approvals" ADD CONSTRAINT "assistant_approvals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assistant_approvals_chat_call" ON "assistant_approvals" USING btree ("chat_id","tool_call_id");--> statement-breakpoint
CREATE INDEX "assistant_approvals_user_idx" ON "assistant_approvals" USING btree ("user_id","created_at");