// Plans every case of an evaluation file (../shared/assistant-eval format): the first line is the
// context (the inventory), every other line a case with its own clock. A case may carry earlier
// turns in "messages" ([{role, text}]) before its "text", for multi-turn completion.
import { plan } from "./planner";
import type { Inventory, PlannedCall, Turn } from "./types";

export interface CaseResult {
  id: string;
  toolCalls: PlannedCall[];
  text: string;
}

export function inventoryOf(context: unknown): Inventory {
  const c = (context ?? {}) as Partial<Inventory>;
  return { assets: c.assets ?? [], policies: c.policies ?? [], repositories: c.repositories ?? [] };
}

export function planCases(jsonl: string): CaseResult[] {
  const lines = jsonl
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  const inventory = inventoryOf(lines.find((l) => l.context)?.context);
  return lines
    .filter((l) => l.id)
    .map((c) => {
      const earlier: Turn[] = (c.messages ?? []).map((m: { role: string; text: string }) =>
        m.role === "assistant" ? { role: "assistant", text: m.text } : { role: "user", text: m.text },
      );
      const p = plan({
        messages: [...earlier, { role: "user", text: c.text }],
        inventory,
        now: new Date(c.now ?? Date.now()),
        tz: c.tz ?? "UTC",
      });
      return { id: c.id, toolCalls: p.toolCalls, text: p.text };
    });
}
