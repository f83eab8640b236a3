// The approval gate of the assistant's actions. The model can only draft an action; it runs when
// the chat's own user approved that exact call (tool, arguments, chat) in a request the server
// checked against this table, and it runs once. Anything else (an approval never shown, one used
// before, arguments changed behind the card, someone else's chat, a role too weak) is refused and
// audited. Edits made in the card before approving are validated and recorded as the final input.
import { isDeepStrictEqual } from "node:util";
import { and, desc, eq } from "drizzle-orm";
import { recordAudit } from "@/db/records/audit";
import { assistantApprovals } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { type Actor, hasRole, type Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "./context";

export type ApprovalRow = typeof assistantApprovals.$inferSelect;
type Input = Record<string, unknown>;

export interface Draft {
  approvalId: string;
  toolCallId: string;
  toolName: string;
  input: Input;
}

export interface DraftContext {
  request?: string | null;
  inventory?: Record<string, string[]>;
  model?: string;
}

/** The role an action needs; the service checks it again when it runs. */
export function roleForAction(toolName: string, input: Input): Role {
  if (toolName === "restore") return input.overwrite === true ? "admin" : "operator";
  if (toolName === "startRecovery") return "operator";
  return "admin";
}

function userOf(actor: Actor): string {
  if (!actor.id) throw new AppError("invalid_input", "Approvals need a signed-in user.");
  return actor.id;
}

/** Stores the drafts the model made in this chat, each waiting for its user's decision. */
export const recordDrafts = service(
  "viewer",
  async function recordDrafts(ctx: ServiceContext, chatId: string, drafts: Draft[], meta: DraftContext) {
    const userId = userOf(ctx.actor);
    for (const d of drafts) {
      const inserted = await ctx.db
        .insert(assistantApprovals)
        .values({
          id: d.approvalId,
          chatId,
          userId,
          toolCallId: d.toolCallId,
          toolName: d.toolName,
          input: d.input,
          request: meta.request ?? null,
          inventory: meta.inventory ?? null,
          model: meta.model ?? null,
        })
        .onConflictDoNothing()
        .returning({ id: assistantApprovals.id });
      if (inserted.length > 0) {
        await recordAudit(ctx.db, ctx.actor, "assistant.draft", d.toolName, {
          chat: chatId,
          approval: d.approvalId,
          input: d.input,
        });
      }
    }
  },
);

export interface Decision {
  approvalId: string;
  /** What the request claims the call was: it must be the call the server drafted. */
  toolCallId: string;
  toolName: string;
  input: unknown;
  approved: boolean;
  reason?: string;
  /** Arguments the person changed in the card before approving; validated by `validate`. */
  editedInput?: Input;
}

async function refuse(ctx: ServiceContext, chatId: string, d: Decision, why: string): Promise<never> {
  await recordAudit(ctx.db, ctx.actor, "assistant.approval.refused", d.toolName, {
    chat: chatId,
    approval: d.approvalId,
    approved: d.approved,
    why,
  });
  throw new AppError("forbidden", `Approval refused: ${why}.`);
}

/**
 * Records a person's decision on a drafted call after checking it is that call, in this chat, by
 * its user, still open, and allowed to their role. Returns the arguments that will run.
 */
export const decideApproval = service(
  "viewer",
  async function decideApproval(
    ctx: ServiceContext,
    chatId: string,
    d: Decision,
    validate: (toolName: string, input: unknown) => Input,
  ): Promise<ApprovalRow> {
    const userId = userOf(ctx.actor);
    const [row] = await ctx.db
      .select()
      .from(assistantApprovals)
      .where(eq(assistantApprovals.id, d.approvalId));
    if (!row) return refuse(ctx, chatId, d, "no such action was drafted");
    if (row.chatId !== chatId || row.userId !== userId)
      return refuse(ctx, chatId, d, "the action was drafted in another chat");
    if (row.status !== "pending") return refuse(ctx, chatId, d, `the action was already ${row.status}`);
    if (row.toolCallId !== d.toolCallId || row.toolName !== d.toolName)
      return refuse(ctx, chatId, d, "the approval names a different call");
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(d.input ?? {})), row.input))
      return refuse(ctx, chatId, d, "the arguments differ from the drafted ones");
    let finalInput: Input = row.input;
    if (d.approved && d.editedInput) {
      try {
        finalInput = validate(row.toolName, d.editedInput);
      } catch (error) {
        const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
        const why = issues
          ? issues.map((i) => `${i.path.map(String).join(".") || "arguments"}: ${i.message}`).join("; ")
          : (error as Error).message;
        throw new AppError("invalid_input", `The edited arguments are not valid: ${why}`);
      }
    }
    const edited = d.approved && !isDeepStrictEqual(JSON.parse(JSON.stringify(finalInput)), row.input);
    if (d.approved) {
      const needed = roleForAction(row.toolName, finalInput);
      if (!hasRole(ctx.actor, needed))
        return refuse(ctx, chatId, d, `${row.toolName} needs the ${needed} role; you are ${ctx.actor.role}`);
    }
    const [updated] = await ctx.db
      .update(assistantApprovals)
      .set({
        status: d.approved ? "approved" : "denied",
        finalInput: d.approved ? finalInput : null,
        edited,
        reason: d.reason?.slice(0, 500) ?? null,
        decidedAt: new Date(),
      })
      .where(and(eq(assistantApprovals.id, row.id), eq(assistantApprovals.status, "pending")))
      .returning();
    if (!updated) return refuse(ctx, chatId, d, "the action was decided meanwhile");
    await recordAudit(ctx.db, ctx.actor, d.approved ? "assistant.approve" : "assistant.deny", row.toolName, {
      chat: chatId,
      approval: row.id,
      input: row.input,
      ...(edited ? { edited: true, finalInput } : {}),
      ...(d.reason ? { reason: d.reason.slice(0, 500) } : {}),
    });
    return updated;
  },
);

/**
 * Claims an approved call for running: succeeds once, for the approved arguments only. Called by
 * every action tool before it touches a service, whatever path led there.
 */
export const claimApproval = service(
  "viewer",
  async function claimApproval(
    ctx: ServiceContext,
    chatId: string,
    call: { toolCallId: string; toolName: string; input: unknown },
  ): Promise<ApprovalRow> {
    const userId = userOf(ctx.actor);
    const [row] = await ctx.db
      .select()
      .from(assistantApprovals)
      .where(and(eq(assistantApprovals.chatId, chatId), eq(assistantApprovals.toolCallId, call.toolCallId)));
    const refuseRun = async (why: string): Promise<never> => {
      await recordAudit(ctx.db, ctx.actor, "assistant.execute.refused", call.toolName, {
        chat: chatId,
        toolCall: call.toolCallId,
        why,
      });
      throw new AppError("forbidden", `Not run: ${why}.`);
    };
    if (!row || row.userId !== userId || row.toolName !== call.toolName)
      return refuseRun("it was not approved");
    if (row.status !== "approved") return refuseRun(`it is ${row.status}, not approved`);
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(call.input ?? {})), row.finalInput))
      return refuseRun("its arguments differ from the approved ones");
    const [claimed] = await ctx.db
      .update(assistantApprovals)
      .set({ status: "executed", executedAt: new Date() })
      .where(and(eq(assistantApprovals.id, row.id), eq(assistantApprovals.status, "approved")))
      .returning();
    if (!claimed) return refuseRun("it already ran");
    return claimed;
  },
);

/** A claimed call whose service refused or failed: recorded, so the history says it did not happen. */
export const markApprovalFailed = service(
  "viewer",
  async function markApprovalFailed(ctx: ServiceContext, approvalId: string, message: string) {
    await ctx.db
      .update(assistantApprovals)
      .set({ status: "failed", reason: message.slice(0, 500) })
      .where(and(eq(assistantApprovals.id, approvalId), eq(assistantApprovals.userId, userOf(ctx.actor))));
  },
);

/** Edited drafts: what was asked, the names known, and the arguments the person approved. */
export const listEditedApprovals = service(
  "admin",
  async function listEditedApprovals(ctx: ServiceContext, limit: number = 200): Promise<ApprovalRow[]> {
    return ctx.db
      .select()
      .from(assistantApprovals)
      .where(eq(assistantApprovals.edited, true))
      .orderBy(assistantApprovals.createdAt)
      .limit(limit);
  },
);

/**
 * The organisation's corrections as the offline planner's examples: what was asked, and the call
 * a person approved after editing the draft (newest first, the planner takes the nearest).
 */
export const learnedExamples = service("viewer", async function learnedExamples(ctx: ServiceContext) {
  const rows = await ctx.db
    .select()
    .from(assistantApprovals)
    .where(and(eq(assistantApprovals.edited, true), eq(assistantApprovals.status, "executed")))
    .orderBy(desc(assistantApprovals.createdAt))
    .limit(500);
  return rows
    .filter((r) => r.request && r.finalInput)
    .map((r) => ({
      id: r.id,
      request: r.request as string,
      toolName: r.toolName,
      input: r.finalInput as Record<string, unknown>,
    }));
});
