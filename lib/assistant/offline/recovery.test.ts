// Incidents in the conversation: the plan's result is answered in words and a saved plan is
// drafted as startRecovery (the approval card); an unsaved one (a viewer's) is not.
import { describe, expect, it } from "vitest";
import { plan } from "./planner";
import type { Turn } from "./types";

const inventory = {
  assets: [
    { name: "www", kind: "directory" as const, path: "/srv/www" },
    { name: "orders", kind: "postgres" as const, database: "orders" },
  ],
  policies: [],
  repositories: [],
};
const now = new Date("2026-11-20T15:00:00Z");
const planText =
  "Recovery plan 8f3e2a1b for an incident at 2026-11-20 14:05 UTC:\n1. orders: restore point …";

function answered(output: unknown, text = "orders was corrupted at 14:05"): ReturnType<typeof plan> {
  const messages: Turn[] = [
    { role: "user", text },
    { role: "assistant", text: "", toolCalls: [{ toolName: "planRecovery", input: { assets: ["orders"] } }] },
    { role: "tool", toolName: "planRecovery", input: { assets: ["orders"] }, output },
  ];
  return plan({ messages, inventory, now, tz: "UTC" });
}

describe("recovery in the conversation", () => {
  it("plans the incident's asset at its time", () => {
    const p = plan({
      messages: [{ role: "user", text: "orders was corrupted at 14:05" }],
      inventory,
      now,
      tz: "UTC",
    });
    expect(p.toolCalls).toEqual([
      {
        toolName: "planRecovery",
        input: {
          assets: ["orders"],
          before: "2026-11-20T14:05:00Z",
          reason: "orders was corrupted at 14:05",
        },
      },
    ]);
    expect(p.text).toBe("Planning the recovery of orders as of before 20 Nov 2026, 14:05 UTC.");
  });

  it("answers with the plan and drafts its start for approval", () => {
    const id = "8f3e2a1b-0000-4000-8000-000000000000";
    const p = answered({ plan: id, saved: true, text: planText });
    expect(p.toolCalls).toEqual([{ toolName: "startRecovery", input: { plan: id } }]);
    expect(p.text).toContain(planText);
    expect(p.text).toContain("Approve the card to start the recovery.");
  });

  it("drafts nothing for an unsaved plan, and says why", () => {
    const p = answered({
      plan: null,
      saved: false,
      text: planText,
      note: "Not saved: starting a recovery needs an operator.",
    });
    expect(p.toolCalls).toEqual([]);
    expect(p.text).toContain("needs an operator");
  });

  it("answers in Chinese around the plan", () => {
    const p = answered({ plan: "8f3e2a1b", saved: true, text: planText }, "恢复昨晚之前的所有数据库");
    expect(p.text).toContain("批准卡片即可开始恢复");
  });
});
