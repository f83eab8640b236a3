// Webhooks: URLs that receive a JSON POST when a job fails (always) or succeeds (when asked).
// Admins manage them; every change is audited. A webhook URL often carries a token, so the audit
// log records only where it points (the origin), never the full URL.
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/db/records/audit";
import { webhooks } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { deliver } from "@/lib/jobs/notify";
import type { ServiceContext } from "./context";

export type Webhook = typeof webhooks.$inferSelect;

const url = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), {
    message: "must be an http:// or https:// URL",
  });

export const addWebhookInput = z.object({ url, onSuccess: z.boolean().default(false) });
const idInput = z.object({ id: z.string().uuid({ message: "not a webhook id" }) });
const updateInput = idInput.extend({ onSuccess: z.boolean().optional(), enabled: z.boolean().optional() });

export const addWebhook = service(
  "admin",
  async function addWebhook(ctx: ServiceContext, input: z.input<typeof addWebhookInput>): Promise<Webhook> {
    const data = addWebhookInput.parse(input);
    return ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(webhooks)
        .values({ url: data.url, onSuccess: data.onSuccess })
        .returning();
      await recordAudit(tx, ctx.actor, "webhook.add", row.id, {
        origin: new URL(data.url).origin,
        onSuccess: data.onSuccess,
      });
      return row;
    });
  },
);

export const listWebhooks = service("admin", async function listWebhooks(ctx: ServiceContext): Promise<
  Webhook[]
> {
  return ctx.db.select().from(webhooks).orderBy(asc(webhooks.createdAt));
});

export const updateWebhook = service(
  "admin",
  async function updateWebhook(ctx: ServiceContext, input: z.input<typeof updateInput>): Promise<Webhook> {
    const data = updateInput.parse(input);
    return ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(webhooks)
        .set({
          ...(data.onSuccess === undefined ? {} : { onSuccess: data.onSuccess }),
          ...(data.enabled === undefined ? {} : { enabled: data.enabled }),
        })
        .where(eq(webhooks.id, data.id))
        .returning();
      if (!row) throw new AppError("not_found:webhook", "That webhook does not exist (any more).");
      await recordAudit(tx, ctx.actor, "webhook.update", row.id, {
        onSuccess: row.onSuccess,
        enabled: row.enabled,
      });
      return row;
    });
  },
);

export const removeWebhook = service(
  "admin",
  async function removeWebhook(ctx: ServiceContext, input: z.input<typeof idInput>): Promise<void> {
    const data = idInput.parse(input);
    await ctx.db.transaction(async (tx) => {
      const [row] = await tx.delete(webhooks).where(eq(webhooks.id, data.id)).returning();
      if (!row) throw new AppError("not_found:webhook", "That webhook does not exist (any more).");
      await recordAudit(tx, ctx.actor, "webhook.remove", row.id, { origin: new URL(row.url).origin });
    });
  },
);

/** Sends one test event now (one try, 5 s timeout) and says whether a 2xx came back. */
export const testWebhook = service(
  "admin",
  async function testWebhook(
    ctx: ServiceContext,
    input: z.input<typeof idInput>,
  ): Promise<{ delivered: boolean }> {
    const data = idInput.parse(input);
    const [row] = await ctx.db.select().from(webhooks).where(eq(webhooks.id, data.id));
    if (!row) throw new AppError("not_found:webhook", "That webhook does not exist (any more).");
    const now = new Date().toISOString();
    const delivered = await deliver(
      row.url,
      {
        event: "webhook.test",
        job: {
          id: "00000000-0000-0000-0000-000000000000",
          kind: "backup",
          status: "succeeded",
          error: null,
          asset: null,
          policy: null,
          startedAt: now,
          finishedAt: now,
          result: { test: true },
        },
      },
      { tries: 1, timeoutMs: 5000 },
    );
    await recordAudit(ctx.db, ctx.actor, "webhook.test", row.id, {
      origin: new URL(row.url).origin,
      delivered,
    });
    return { delivered };
  },
);
