// One turn of a chat: the browser sends only what is new (a user's message, or its decisions on
// drafted actions), the server takes everything else from its own copy of the chat, checks each
// decision against the approval table, and streams the model's answer with the tools. The model's
// drafts are stored as pending approvals when the answer ends.
import { randomUUID } from "node:crypto";
import { convertToModelMessages, stepCountIs, streamText, type UIMessage } from "ai";
import { z } from "zod";
import { assistantContext } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { decideApproval, learnedExamples, recordDrafts } from "@/lib/services/assistant-approvals";
import {
  createChat,
  getChatMessages,
  openChat,
  type StoredMessage,
  saveChatMessages,
} from "@/lib/services/chats";
import type { ServiceContext } from "@/lib/services/context";
import { isTimeZone } from "@/lib/services/policy-input";
import { assistantOfflineOnly } from "@/lib/services/settings";
import { withDeadlines } from "./deadline";
import { buildInstructions } from "./instructions";
import { type ModelChoice, type ModelSettings, selectModel } from "./model";
import { modelFailureMessage } from "./model-errors";
import { pendingDrafts, toolParts, userText } from "./parts";
import { buildTools, validateToolInput } from "./tools";
import { redactUrl } from "./tools/redact";

const bodySchema = z.object({
  /** The chat's id; a new chat is created when absent. */
  id: z.string().optional(),
  message: z.object({
    id: z.string().max(100).optional(),
    role: z.enum(["user", "assistant"]),
    parts: z.array(z.record(z.string(), z.unknown())).max(200),
  }),
  /** Arguments the person edited in a card before approving, by approval id. */
  edits: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  timeZone: z.string().optional(),
});
export type ChatRequestBody = z.input<typeof bodySchema>;

export interface ChatTurnOptions {
  settings: ModelSettings;
  now?: () => Date;
  /** A model chosen by the caller (tests); otherwise from the settings. */
  model?: ModelChoice;
  signal?: AbortSignal;
  /** Totals for one answer; a model that stalls gets a message, not a hang. */
  timeoutMs?: { total: number; chunk: number };
}

export async function runChatTurn(baseCtx: ServiceContext, rawBody: unknown, options: ChatTurnOptions) {
  const body = bodySchema.parse(rawBody);
  // Everything the assistant does is recorded with source "assistant".
  const ctx = assistantContext(baseCtx);
  const timeZone = body.timeZone && isTimeZone(body.timeZone) ? body.timeZone : "UTC";
  const chat = body.id ? await openChat(ctx, body.id) : await createChat(ctx);
  const stored = (await getChatMessages(ctx, chat.id)) as unknown as UIMessage[];

  if (body.message.role === "user") {
    // A password typed into a connection URL goes no further: not to the model, not into the
    // saved chat (add such a database under Assets, where it is stored encrypted).
    const text = redactUrl(userText(body.message.parts));
    if (!text) throw new AppError("invalid_input", "message: send some text.");
    await denyUnanswered(ctx, chat.id, stored);
    const id =
      body.message.id && !stored.some((m) => m.id === body.message.id) ? body.message.id : randomUUID();
    stored.push({ id, role: "user", parts: [{ type: "text", text }] });
  } else {
    await applyDecisions(ctx, chat.id, stored, body.message, body.edits ?? {});
  }
  const [, offlineOnly] = await Promise.all([
    saveChatMessages(ctx, chat.id, stored as unknown as StoredMessage[]),
    options.model ? false : assistantOfflineOnly(ctx),
  ]);

  const now = options.now?.() ?? new Date();
  const choice = options.model ?? selectModel({ ...options.settings, offlineOnly }, { ctx, timeZone });
  const request = lastUserText(stored);
  // The offline planner reads the examples itself; a hosted model gets the nearest in its prompt.
  const instructions = (async () =>
    buildInstructions(ctx, now, timeZone, {
      request,
      examples: choice.offline ? [] : await learnedExamples(ctx),
    }))();
  instructions.catch(() => undefined); // awaited below or when the answer ends
  // The offline planner needs no prompt (it reads the inventory itself), so its answer does not
  // wait for one; the names are kept with its drafts when the answer ends.
  const system = choice.offline ? undefined : (await instructions).system;
  const tools = buildTools({ ctx, chatId: chat.id, timeZone });
  const timeout = options.timeoutMs ?? { total: 120_000, chunk: 45_000 };
  const result = streamText({
    model: withDeadlines(choice.model, { firstMs: timeout.chunk, chunkMs: timeout.chunk }),
    system,
    messages: await convertToModelMessages(stored, { tools }),
    tools,
    stopWhen: stepCountIs(8),
    maxRetries: 1,
    timeout: { totalMs: timeout.total },
    abortSignal: options.signal,
  });
  return result.toUIMessageStreamResponse({
    originalMessages: stored,
    generateMessageId: randomUUID,
    headers: { "x-chat-id": chat.id },
    messageMetadata: ({ part }) =>
      part.type === "start" ? { model: choice.label, chatId: chat.id } : undefined,
    onError: (error) => {
      // A service's refusal from a tool (no such job, a role too weak) is already said for people;
      // it is the tool's answer, not a failure of the assistant.
      if (error instanceof AppError) return error.message;
      const message = modelFailureMessage(error, choice.label);
      logger.warn(
        { chat: chat.id, model: choice.label, error: redactUrl(message) },
        "assistant answer failed",
      );
      return message;
    },
    onFinish: async ({ messages }) => {
      try {
        await saveChatMessages(
          ctx,
          chat.id,
          messages.map((m) => ({
            ...m,
            model: m.role === "assistant" ? choice.label : null,
          })) as StoredMessage[],
        );
        await recordDrafts(ctx, chat.id, pendingDrafts(messages), {
          request,
          inventory: { ...(await instructions).inventory },
          model: choice.label,
        });
      } catch (error) {
        logger.error(
          { chat: chat.id, error: (error as Error).message },
          "saving the assistant's answer failed",
        );
      }
    },
  });
}

/**
 * The decisions in the browser's copy of the last assistant message, checked one by one against
 * the approval table and applied to the server's copy. Only the decision and, for an approval,
 * edited arguments are taken from the browser; the call itself comes from the server's copy.
 */
async function applyDecisions(
  ctx: ServiceContext,
  chatId: string,
  stored: UIMessage[],
  message: z.infer<typeof bodySchema>["message"],
  edits: Record<string, Record<string, unknown>>,
) {
  const decided = toolParts(message.parts).filter((p) => p.state === "approval-responded");
  if (decided.length === 0) throw new AppError("invalid_input", "message: no decision on a drafted action.");
  const last = stored.at(-1);
  for (const part of decided) {
    const approvalId = String(part.approval?.id ?? "");
    const row = await decideApproval(
      ctx,
      chatId,
      {
        approvalId,
        toolCallId: String(part.toolCallId ?? ""),
        toolName: String(part.type).replace(/^tool-/, ""),
        input: part.input,
        approved: part.approval?.approved === true,
        reason: typeof part.approval?.reason === "string" ? part.approval.reason : undefined,
        editedInput: edits[approvalId],
      },
      validateToolInput,
    );
    // The server's copy of that call now carries the decision (and the approved arguments).
    const target =
      last?.role === "assistant"
        ? toolParts(last.parts).find((p) => p.toolCallId === row.toolCallId)
        : undefined;
    if (target?.state !== "approval-requested") {
      throw new AppError("conflict", "The drafted action is no longer waiting for a decision.");
    }
    target.state = "approval-responded";
    const approved = row.status === "approved";
    // The model sees the reason of a denial as the call's result: it must read as a refusal.
    const reason = approved ? row.reason : `Denied by the user${row.reason ? `: ${row.reason}` : "."}`;
    target.approval = { id: row.id, approved, ...(reason ? { reason } : {}) };
    if (row.status === "approved" && row.finalInput) target.input = row.finalInput;
  }
}

/** A new message while drafts wait: those drafts are denied (the person moved on), and recorded so. */
async function denyUnanswered(ctx: ServiceContext, chatId: string, stored: UIMessage[]) {
  const last = stored.at(-1);
  if (last?.role !== "assistant") return;
  for (const part of toolParts(last.parts)) {
    if (part.state !== "approval-requested" || !part.approval?.id) continue;
    const reason = "The user sent a new message instead of deciding.";
    await decideApproval(
      ctx,
      chatId,
      {
        approvalId: String(part.approval.id),
        toolCallId: String(part.toolCallId),
        toolName: String(part.type).replace(/^tool-/, ""),
        input: part.input,
        approved: false,
        reason,
      },
      validateToolInput,
    ).catch(() => undefined);
    part.state = "output-denied";
    part.approval = { id: part.approval.id, approved: false, reason };
  }
}

function lastUserText(messages: UIMessage[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === "user") return userText(m.parts as unknown as Record<string, unknown>[]);
  }
  return null;
}
