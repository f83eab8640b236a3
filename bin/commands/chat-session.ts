// The terminal chat's loop, apart from the terminal itself (tests drive it through a pty): read a
// request, stream the answer's text, show each drafted action as text and ask y/N, send the
// decision, show what happened. The chat is saved like a dashboard chat, for the chosen user.
import { randomUUID } from "node:crypto";
import type { UIMessage } from "ai";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { runChatTurn } from "@/lib/assistant/chat-turn";
import { nextRuns, retentionSentence, scheduleInWords } from "@/lib/assistant/describe-draft";
import type { ModelSettings } from "@/lib/assistant/model";
import { readTurn } from "@/lib/assistant/read-turn";
import { cliUserContext } from "@/lib/auth/context";
import { toAppError } from "@/lib/errors";

interface Options {
  db: Db;
  settings: ModelSettings;
  userEmail?: string;
  timeZone: string;
  ask: (prompt: string) => Promise<string | null>;
  write: (text: string) => void;
}

interface Part {
  type: string;
  toolCallId: string;
  state: string;
  input?: Record<string, unknown>;
  output?: unknown;
  errorText?: string;
  approval?: { id: string; approved?: boolean; reason?: string };
}

export async function runTerminalChat(o: Options): Promise<number> {
  const [user] = o.userEmail
    ? await o.db.select().from(users).where(eq(users.email, o.userEmail))
    : await o.db.select().from(users).where(eq(users.role, "admin")).orderBy(asc(users.createdAt)).limit(1);
  if (!user || user.disabled) {
    process.stderr.write(
      o.userEmail
        ? `No active user ${o.userEmail}.\n`
        : "No administrator exists yet: create one with `lifeboat user create`.\n",
    );
    return 1;
  }
  const ctx = cliUserContext(o.db, user);
  const chatId = randomUUID();
  o.write(`Lifeboat assistant, acting as ${user.email} (${user.role}). Empty line or Ctrl-D ends.\n`);
  for (;;) {
    const text = await o.ask("> ");
    if (text === null || !text.trim() || text.trim() === "exit") return 0;
    let body: Parameters<typeof runChatTurn>[1] = {
      id: chatId,
      message: { role: "user", parts: [{ type: "text", text }] },
      timeZone: o.timeZone,
    };
    let continues: UIMessage | undefined;
    // One request, then one more per round of decisions, until nothing waits for a decision.
    for (;;) {
      let message: UIMessage | undefined;
      try {
        const response = await runChatTurn(ctx, body, { settings: o.settings });
        const result = await readTurn(response, {
          continues,
          onChunk: (chunk) => {
            if (chunk.type === "text-delta") o.write(chunk.delta);
          },
        });
        message = result.message;
        o.write("\n");
        for (const error of result.errors) o.write(`! ${error}\n`);
      } catch (error) {
        o.write(`! ${toAppError(error).message}\n`);
        break;
      }
      if (!message) break;
      const parts = message.parts as unknown as Part[];
      const shown = new Set<string>();
      for (const p of parts.filter((x) => x.type.startsWith("tool-"))) {
        if (p.state === "output-available" || p.state === "output-error" || p.state === "output-denied") {
          o.write(`${outcome(p)}\n`);
          shown.add(p.toolCallId);
        }
      }
      const waiting = parts.filter((p) => p.state === "approval-requested" && p.approval);
      if (waiting.length === 0) break;
      const decided: Part[] = [];
      for (const p of waiting) {
        o.write(card(p, o.timeZone));
        const answer = (await o.ask("Approve? [y/N] ")) ?? "";
        const approved = /^y(es)?$/i.test(answer.trim());
        decided.push({
          ...p,
          state: "approval-responded",
          approval: { id: p.approval?.id as string, approved },
        });
      }
      const byId = new Map(decided.map((p) => [p.toolCallId, p]));
      const next = {
        id: message.id,
        role: "assistant" as const,
        parts: parts.map((p) => byId.get(p.toolCallId) ?? p) as unknown as Record<string, unknown>[],
      };
      continues = next as unknown as UIMessage;
      body = { id: chatId, message: next, timeZone: o.timeZone };
    }
  }
}

/** A drafted action as text: what the dashboard's card shows. */
function card(p: Part, timeZone: string): string {
  const tool = p.type.replace(/^tool-/, "");
  const input = p.input ?? {};
  const lines = [`\n┌ ${tool} (needs your approval)`];
  for (const [k, v] of Object.entries(input)) {
    if (k === "retention") lines.push(`│ retention: ${retentionSentence(v as Record<string, unknown>)}`);
    else
      lines.push(
        `│ ${k}: ${Array.isArray(v) ? v.join(", ") : typeof v === "object" ? JSON.stringify(v) : String(v)}`,
      );
  }
  if (typeof input.schedule === "string") {
    lines.push(`│ runs: ${scheduleInWords(input.schedule)} (${timeZone})`);
    lines.push(`│ next: ${nextRuns(input.schedule, timeZone).join("; ")}`);
  }
  if (tool === "restore") {
    lines.push(`│ target: ${input.target ? String(input.target) : "a new location beside the original"}`);
    if (input.overwrite) lines.push("│ OVERWRITES THE LIVE DATA");
  }
  lines.push("└");
  return `${lines.join("\n")}\n`;
}

function outcome(p: Part): string {
  const tool = p.type.replace(/^tool-/, "");
  if (p.state === "output-denied") return `✗ ${tool}: denied`;
  if (p.state === "output-error") return `✗ ${tool}: ${p.errorText}`;
  const out = p.output;
  if (Array.isArray(out)) {
    const names = out
      .map((r) => (r as Record<string, unknown>).name ?? (r as Record<string, unknown>).path ?? "")
      .filter(Boolean);
    return `✓ ${tool}: ${out.length} result${out.length === 1 ? "" : "s"}${names.length ? ` (${names.slice(0, 10).join(", ")})` : ""}`;
  }
  const o = (out ?? {}) as Record<string, unknown>;
  if (tool === "diagnoseJob") return `✓ diagnosis: ${String(o.summary)} Fix: ${String(o.fix)}`;
  const name = o.policy ?? o.asset ?? o.deleted ?? o.removed ?? o.job;
  return `✓ ${tool}${name ? `: ${String(name)}` : ""}`;
}
