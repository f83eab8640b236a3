// Reading the AI SDK's message parts without trusting their shape (they come from storage or the
// browser): text of a user's message, tool parts, and drafts waiting for a decision.
import type { UIMessage } from "ai";
import type { Draft } from "@/lib/services/assistant-approvals";

export interface LooseToolPart {
  type: string;
  toolCallId?: string;
  state?: string;
  input?: unknown;
  approval?: { id?: string; approved?: boolean; reason?: string };
  [key: string]: unknown;
}

export function userText(parts: Record<string, unknown>[]): string {
  return parts
    .filter((p) => p.type === "text" && typeof p.text === "string")
    .map((p) => p.text as string)
    .join("\n")
    .trim()
    .slice(0, 8000);
}

export function toolParts(parts: unknown[]): LooseToolPart[] {
  return (parts as LooseToolPart[]).filter((p) => typeof p?.type === "string" && p.type.startsWith("tool-"));
}

export function pendingDrafts(messages: UIMessage[]): Draft[] {
  const drafts: Draft[] = [];
  for (const m of messages) {
    if (m.role !== "assistant") continue;
    for (const p of toolParts(m.parts)) {
      if (p.state === "approval-requested" && p.approval?.id && p.toolCallId) {
        drafts.push({
          approvalId: p.approval.id,
          toolCallId: p.toolCallId,
          toolName: p.type.replace(/^tool-/, ""),
          input: (p.input ?? {}) as Record<string, unknown>,
        });
      }
    }
  }
  return drafts;
}
