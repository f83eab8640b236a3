// The learned examples (issue 22, item 6) as admins manage them: a draft a person edited before
// approving and that then ran is an example (the request, the names known then, the arguments
// approved); the offline planner consults them through assistant-approvals' learnedExamples, and
// a hosted model can be fine-tuned on the export. Deleting one removes the approval row itself,
// so no reader (planner, list, export) can use it again; the audit log keeps that it existed.
import { and, desc, eq, isNotNull, like, or } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/db/records/audit";
import { assistantApprovals, users } from "@/db/schema";
import { TOOL_DESCRIPTIONS, TOOL_NAMES, toolInputSchemas } from "@/lib/assistant/tool-contract";
import { service } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "./context";

export interface LearnedExample {
  id: string;
  request: string;
  toolName: string;
  /** What the model drafted, and what the person approved instead. */
  draftedInput: Record<string, unknown>;
  input: Record<string, unknown>;
  inventory: Record<string, string[]>;
  model: string | null;
  userEmail: string | null;
  createdAt: Date;
}

// The same rows learnedExamples gives the planner: edited, run, with the request kept.
const isExample = and(
  eq(assistantApprovals.edited, true),
  eq(assistantApprovals.status, "executed"),
  isNotNull(assistantApprovals.request),
  isNotNull(assistantApprovals.finalInput),
);

const columns = {
  id: assistantApprovals.id,
  request: assistantApprovals.request,
  toolName: assistantApprovals.toolName,
  draftedInput: assistantApprovals.input,
  input: assistantApprovals.finalInput,
  inventory: assistantApprovals.inventory,
  model: assistantApprovals.model,
  userEmail: users.email,
  createdAt: assistantApprovals.createdAt,
};

type Row = { [K in keyof typeof columns]: unknown };
const toExample = (r: Row): LearnedExample => ({ ...r, inventory: r.inventory ?? {} }) as LearnedExample;

/** The examples, newest first (the order the planner prefers them in). */
export const listExamples = service(
  "admin",
  async function listExamples(ctx: ServiceContext, limit: number = 500): Promise<LearnedExample[]> {
    const rows = await ctx.db
      .select(columns)
      .from(assistantApprovals)
      .leftJoin(users, eq(users.id, assistantApprovals.userId))
      .where(isExample)
      .orderBy(desc(assistantApprovals.createdAt), desc(assistantApprovals.id))
      .limit(Math.min(Math.max(1, limit), 5000));
    return rows.map(toExample);
  },
);

/** Deletes one example, named by its id or a unique prefix of 8 or more characters. */
export const deleteExample = service(
  "admin",
  async function deleteExample(ctx: ServiceContext, ref: string): Promise<{ id: string; toolName: string }> {
    const id = String(ref ?? "").trim();
    if (id.length < 8)
      throw new AppError("invalid_input", "Name an example by its id (8 or more characters).");
    const escaped = id.replace(/[\\%_]/g, (c) => `\\${c}`);
    const matches = await ctx.db
      .select({ id: assistantApprovals.id, toolName: assistantApprovals.toolName })
      .from(assistantApprovals)
      .where(and(isExample, or(eq(assistantApprovals.id, id), like(assistantApprovals.id, `${escaped}%`))))
      .limit(2);
    const exact = matches.find((m) => m.id === id);
    const found = exact ?? (matches.length === 1 ? matches[0] : undefined);
    if (!found) {
      if (matches.length > 1) throw new AppError("invalid_input", `"${id}" names more than one example.`);
      throw new AppError("not_found", `No learned example "${id}".`);
    }
    await ctx.db.delete(assistantApprovals).where(eq(assistantApprovals.id, found.id));
    // The tool only: a request is the user's own words, and arguments are in the approval's audit row.
    await recordAudit(ctx.db, ctx.actor, "assistant.example.delete", found.id, { tool: found.toolName });
    return found;
  },
);

const SYSTEM =
  "You are Lifeboat's assistant, the operator of a self-hosted backup console. Draft actions with the tools; refer to things by the inventory's names.";

/** The tools as the fine-tuned model will be offered them (OpenAI's function format). */
let toolsCache: unknown[] | undefined;
function toolDefinitions(): unknown[] {
  toolsCache ??= TOOL_NAMES.map((name) => {
    const { $schema: _, ...parameters } = z.toJSONSchema(toolInputSchemas[name], { io: "input" }) as Record<
      string,
      unknown
    >;
    return { type: "function", function: { name, description: TOOL_DESCRIPTIONS[name], parameters } };
  });
  return toolsCache;
}

function inventoryText(inventory: Record<string, string[]>): string {
  const lines = Object.entries(inventory)
    .filter(([, names]) => Array.isArray(names) && names.length > 0)
    .map(([kind, names]) => `${kind}: ${names.join(", ")}`);
  return lines.length ? `Inventory names:\n${lines.join("\n")}` : "Inventory names: (none)";
}

/**
 * One line of the chat fine-tuning format OpenAI-compatible services take: the system prompt with
 * the inventory names known when the request was made, the user's request, and the assistant's
 * corrected tool call; the tools offered ride along, as function-calling fine-tunes expect.
 */
function fineTuningLine(e: Pick<LearnedExample, "id" | "request" | "toolName" | "input" | "inventory">) {
  return JSON.stringify({
    messages: [
      { role: "system", content: `${SYSTEM}\n${inventoryText(e.inventory)}` },
      { role: "user", content: e.request },
      {
        role: "assistant",
        tool_calls: [
          {
            id: `call_${e.id.replace(/[^A-Za-z0-9]/g, "").slice(0, 24)}`,
            type: "function",
            function: { name: e.toolName, arguments: JSON.stringify(e.input) },
          },
        ],
      },
    ],
    tools: toolDefinitions(),
  });
}

/**
 * The examples as JSONL, one line per example, newest first, read page by page so an export of
 * many examples never sits in memory at once (the route handler streams it).
 */
export const exportExamples = service(
  "admin",
  async function exportExamples(ctx: ServiceContext, pageSize: number = 200): Promise<AsyncIterable<string>> {
    const size = Math.min(Math.max(1, pageSize), 1000);
    const db = ctx.db;
    return {
      async *[Symbol.asyncIterator]() {
        // Offset pages: keyset on created_at would lose rows, as JS dates drop its microseconds.
        for (let offset = 0; ; offset += size) {
          const page = await db
            .select(columns)
            .from(assistantApprovals)
            .leftJoin(users, eq(users.id, assistantApprovals.userId))
            .where(isExample)
            .orderBy(desc(assistantApprovals.createdAt), desc(assistantApprovals.id))
            .limit(size)
            .offset(offset);
          for (const row of page) yield `${fineTuningLine(toExample(row))}\n`;
          if (page.length < size) return;
        }
      },
    };
  },
);
