// What every assistant tool is built with, and the two ways a tool runs: a look-up at once, an
// action only after claiming its approval. Both leave an audit row with source "assistant".
// The service context is one parameter so the switch to issue 17's authorized context is mechanical.
import type { Tool, ToolExecutionOptions } from "ai";
import type { z } from "zod";
import { recordAudit } from "@/db/records/audit";
import { AppError, toAppError } from "@/lib/errors";
import { type ApprovalRow, claimApproval, markApprovalFailed } from "@/lib/services/assistant-approvals";
import type { ServiceContext } from "@/lib/services/context";
import { TOOL_DESCRIPTIONS, type ToolInput, type ToolName, toolInputSchemas } from "../tool-contract";
import { redactSecrets } from "./redact";

export interface ToolContext {
  /** The signed-in user's context, its actor's source set to "assistant". */
  ctx: ServiceContext;
  chatId: string;
  /** The user's IANA time zone: new policies are scheduled in it. */
  timeZone: string;
}

/** A tool that reads: runs as soon as the model calls it, audited with its arguments. */
export function lookupTool<N extends ToolName, O>(
  tc: ToolContext,
  name: N,
  run: (input: ToolInput<N>) => Promise<O>,
) {
  return asTool<N, O>({
    description: TOOL_DESCRIPTIONS[name],
    inputSchema: schemaOf(name),
    execute: async (input: ToolInput<N>) => {
      try {
        const output = await run(input);
        await recordAudit(tc.ctx.db, tc.ctx.actor, "assistant.tool", name, {
          chat: tc.chatId,
          input: redactSecrets(input),
        });
        return output;
      } catch (error) {
        const app = toAppError(error);
        await recordAudit(tc.ctx.db, tc.ctx.actor, "assistant.tool", name, {
          chat: tc.chatId,
          input: redactSecrets(input),
          error: app.message,
        });
        throw app;
      }
    },
  });
}

/**
 * A tool that changes something: the SDK stops for approval, and even when something calls
 * execute, it runs only after claiming an approved row for this exact call (once).
 */
export function actionTool<N extends ToolName, O>(
  tc: ToolContext,
  name: N,
  run: (input: ToolInput<N>) => Promise<O>,
) {
  return asTool<N, O>({
    description: TOOL_DESCRIPTIONS[name],
    inputSchema: schemaOf(name),
    needsApproval: true,
    execute: async (input: z.infer<(typeof toolInputSchemas)[N]>, { toolCallId }) => {
      const approval: ApprovalRow = await claimApproval(tc.ctx, tc.chatId, {
        toolCallId,
        toolName: name,
        input,
      });
      try {
        const output = await run(input);
        await recordAudit(tc.ctx.db, tc.ctx.actor, "assistant.execute", name, {
          chat: tc.chatId,
          approval: approval.id,
          input: redactSecrets(input),
        });
        return output;
      } catch (error) {
        const app = toAppError(error);
        await markApprovalFailed(tc.ctx, approval.id, app.message);
        await recordAudit(tc.ctx.db, tc.ctx.actor, "assistant.execute", name, {
          chat: tc.chatId,
          approval: approval.id,
          input: redactSecrets(input),
          error: app.message,
        });
        throw app;
      }
    },
  });
}

/** Validates arguments against the contract (edits made in an approval card go through here). */
export function validateToolInput(toolName: string, input: unknown): Record<string, unknown> {
  const schema = toolInputSchemas[toolName as ToolName];
  if (!schema) throw new AppError("invalid_input", `No tool ${toolName}.`);
  return schema.parse(input) as Record<string, unknown>;
}

function schemaOf<N extends ToolName>(name: N): z.ZodType<ToolInput<N>> {
  return toolInputSchemas[name] as unknown as z.ZodType<ToolInput<N>>;
}

/** The SDK's tool() cannot infer over a generic tool name; the object is the same. */
function asTool<N extends ToolName, O>(definition: {
  description: string;
  inputSchema: z.ZodType<ToolInput<N>>;
  needsApproval?: boolean;
  execute: (input: ToolInput<N>, options: ToolExecutionOptions) => Promise<O>;
}): Tool<ToolInput<N>, O> {
  return definition as unknown as Tool<ToolInput<N>, O>;
}
