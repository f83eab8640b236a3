// The offline planner through the AI SDK: streamText with the contract's tools, look-ups executed
// and answered, actions stopped for approval, clarifying questions streamed as text.
import { type ModelMessage, stepCountIs, streamText, type ToolSet, tool } from "ai";
import { describe, expect, it } from "vitest";
import { APPROVAL_TOOLS, TOOL_DESCRIPTIONS, TOOL_NAMES, toolInputSchemas } from "../tool-contract";
import { offlinePlannerModel } from "./model";
import type { Inventory } from "./types";

const inventory: Inventory = {
  assets: [
    { name: "www", kind: "directory", path: "/srv/www" },
    { name: "wiki", kind: "directory", path: "/srv/wiki" },
    { name: "orders", kind: "postgres", database: "orders" },
  ],
  policies: [
    { name: "nightly-www", assets: ["www"], schedule: "0 2 * * *", retention: { daily: 7 }, enabled: true },
  ],
  repositories: [{ name: "local", default: true }],
};
const now = () => new Date("2026-11-20T10:00:00Z");

/** The contract's tools; look-ups answer from canned rows, actions wait for approval. */
function contractTools(executed: { name: string; input: unknown }[]): ToolSet {
  const tools: ToolSet = {};
  for (const name of TOOL_NAMES) {
    tools[name] = tool({
      description: TOOL_DESCRIPTIONS[name],
      inputSchema: toolInputSchemas[name],
      needsApproval: APPROVAL_TOOLS.has(name),
      execute: async (input: unknown) => {
        executed.push({ name, input });
        if (name === "listRestorePoints")
          return [
            { id: "a1b2c3d4", asset: "www", time: "2026-11-20T02:00:00Z", verified: true },
            { id: "e5f6a7b8", asset: "www", time: "2026-11-19T02:00:00Z", verified: false },
          ];
        if (name === "restore") return { jobId: "job-42" };
        return { ok: true };
      },
    }) as ToolSet[string];
  }
  return tools;
}

async function run(messages: ModelMessage[], tz = "UTC") {
  const executed: { name: string; input: unknown }[] = [];
  const model = offlinePlannerModel({ inventory, tz, now });
  const result = streamText({ model, messages, tools: contractTools(executed), stopWhen: stepCountIs(4) });
  const deltas: string[] = [];
  const parts: { type: string; [k: string]: unknown }[] = [];
  for await (const part of result.fullStream) {
    parts.push(part as never);
    if (part.type === "text-delta") deltas.push(part.text);
  }
  return { executed, deltas, parts, text: await result.text, response: await result.response };
}

describe("the offline planner as an AI SDK model", () => {
  it("streams a look-up, runs it, and answers from its result", async () => {
    const r = await run([{ role: "user", content: "Show me the restore points for www" }]);
    expect(r.executed).toEqual([{ name: "listRestorePoints", input: { asset: "www" } }]);
    expect(r.deltas.length).toBeGreaterThan(3); // streamed word by word, not in one piece
    const all = r.deltas.join("");
    expect(all).toContain("2 restore points");
    expect(all).toContain("a1b2c3d4");
  });

  it("drafts an action and stops for approval, running nothing", async () => {
    const r = await run([{ role: "user", content: "把 orders 数据库恢复到昨天下午3点" }], "Asia/Shanghai");
    expect(r.executed).toEqual([]);
    const approval = r.parts.find((p) => p.type === "tool-approval-request") as unknown as {
      toolCall: { toolName: string; input: Record<string, unknown> };
    };
    expect(approval.toolCall.toolName).toBe("restore");
    expect(approval.toolCall.input).toMatchObject({
      asset: "orders",
      at: "2026-11-19T07:00:00Z",
      overwrite: false,
    });
    expect(r.deltas.join("")).toContain("我起草了恢复操作");
  });

  it("runs an approved action and says what it did; a denied one changes nothing", async () => {
    const first = await run([{ role: "user", content: "restore www to yesterday at 3pm" }]);
    const approval = first.parts.find((p) => p.type === "tool-approval-request") as unknown as {
      approvalId: string;
    };
    const history = [
      { role: "user", content: "restore www to yesterday at 3pm" },
      ...first.response.messages,
    ] as ModelMessage[];
    const approved = await run([
      ...history,
      {
        role: "tool",
        content: [{ type: "tool-approval-response", approvalId: approval.approvalId, approved: true }],
      },
    ]);
    expect(approved.executed).toEqual([
      { name: "restore", input: { asset: "www", at: "2026-11-19T15:00:00Z", overwrite: false } },
    ]);
    expect(approved.text).toMatch(/^Done: restore of www/);
    expect(approved.text).toContain("job-42");

    const denied = await run([
      ...history,
      {
        role: "tool",
        content: [{ type: "tool-approval-response", approvalId: approval.approvalId, approved: false }],
      },
    ]);
    expect(denied.executed).toEqual([]);
    expect(denied.text).toMatch(/did not do that/);
  });

  it("asks instead of guessing, and completes the action from the answer", async () => {
    const first = await run([{ role: "user", content: "restore orders" }]);
    expect(first.executed).toEqual([]);
    expect(first.parts.some((p) => p.type === "tool-call")).toBe(false);
    expect(first.text.trim()).toMatch(/\?$/);
    const second = await run([
      { role: "user", content: "restore orders" },
      { role: "assistant", content: first.text },
      { role: "user", content: "yesterday at 3pm" },
    ]);
    const approval = second.parts.find((p) => p.type === "tool-approval-request") as unknown as {
      toolCall: { input: Record<string, unknown> };
    };
    expect(approval.toolCall.input).toMatchObject({ asset: "orders", at: "2026-11-19T15:00:00Z" });
  });

  it("does not call a tool the caller does not offer", async () => {
    const model = offlinePlannerModel({ inventory, tz: "UTC", now });
    const executed: { name: string; input: unknown }[] = [];
    const { recommendPolicy: _left, ...offered } = contractTools(executed);
    const result = streamText({
      model,
      messages: [{ role: "user", content: "Suggest a policy for orders with an RPO of 4 hours" }],
      tools: offered,
    });
    expect(await result.text).toMatch(/not available here yet/);
    expect((await result.toolCalls).length).toBe(0);
  });
});
