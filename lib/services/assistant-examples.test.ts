// The learning loop end to end on PGlite, through the chat pipeline and the offline planner: a
// person corrects a drafted policy's retention before approving it; the same words then plan the
// corrected call; admins list the example, export it in the chat fine-tuning format, and delete
// it, after which the planner answers from its grammar again.
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assistantApprovals, auditEvents } from "@/db/schema";
import {
  type AssistantFixture,
  createAssistantFixture,
  decide,
  draftsOf,
  turn,
  userMessage,
} from "@/lib/assistant/chat.fixture";
import { addAsset } from "./assets";
import { deleteExample, exportExamples, listExamples } from "./assistant-examples";

let f: AssistantFixture;
// "The usual" is this organisation's word for 14 daily and 6 monthly; the grammar cannot know it.
const PHRASE = "back up www every night at 2, keep the usual";
const usual = { daily: 14, monthly: 6 };

beforeAll(async () => {
  f = await createAssistantFixture();
  f.settings.OPENAI_API_KEY = undefined; // the offline planner answers
  await addAsset(f.ctx("admin"), { kind: "directory", name: "www", path: path.join(f.dir, "www") });
});
afterAll(async () => {
  await f?.destroy();
});

async function draftFor(text: string) {
  const reply = await turn(f, "admin", { message: userMessage(text), timeZone: "UTC" });
  expect(reply.errors).toEqual([]);
  const [part] = draftsOf(reply.message);
  return { reply, part };
}

async function exported(): Promise<string> {
  let text = "";
  for await (const line of await exportExamples(f.ctx("admin"), 1)) text += line;
  return text;
}

describe("learned examples", () => {
  let exampleId: string;
  let drafted: Record<string, unknown>;

  it("after one correction the phrase plans the corrected call through the chat pipeline", async () => {
    const { reply, part } = await draftFor(PHRASE);
    expect(part).toMatchObject({ type: "tool-createPolicy", state: "approval-requested" });
    drafted = part?.input as Record<string, unknown>;
    expect(drafted.retention).not.toEqual(usual);
    const corrected = { ...drafted, retention: usual };
    const approved = await turn(f, "admin", {
      id: reply.chatId,
      message: decide(reply.message, part as never, true),
      edits: { [part?.approval?.id as string]: corrected },
      timeZone: "UTC",
    });
    expect(draftsOf(approved.message)[0]?.state).toBe("output-available");

    const again = await draftFor(PHRASE);
    expect(again.part).toMatchObject({ type: "tool-createPolicy", input: corrected });
    exampleId = part?.approval?.id as string;
  });

  it("lists the edited, executed drafts only, with request, inventory names and final arguments", async () => {
    const [row] = await f.t.db.select().from(assistantApprovals).where(eq(assistantApprovals.id, exampleId));
    // Drafts that are not examples: one approved unchanged, one edited but never run.
    const base = { chatId: row?.chatId as string, userId: "u-admin", toolName: "deletePolicy", request: "x" };
    await f.t.db.insert(assistantApprovals).values([
      {
        ...base,
        id: "plain-approval",
        toolCallId: "c1",
        input: { policy: "a" },
        finalInput: { policy: "a" },
        status: "executed",
      },
      {
        ...base,
        id: "edited-pending",
        toolCallId: "c2",
        input: { policy: "a" },
        finalInput: { policy: "b" },
        edited: true,
        status: "approved",
      },
    ]);
    const list = await listExamples(f.ctx("admin"));
    expect(list).toEqual([
      expect.objectContaining({
        id: exampleId,
        request: PHRASE,
        toolName: "createPolicy",
        input: expect.objectContaining({ assets: ["www"], retention: usual }),
        draftedInput: drafted,
        inventory: expect.objectContaining({ assets: ["www"] }),
        userEmail: "admin@example.com",
      }),
    ]);
    await expect(listExamples(f.ctx("operator"))).rejects.toMatchObject({ code: "forbidden" });
  });

  it("exports one line per example in the chat fine-tuning format", async () => {
    const text = await exported();
    expect(text.endsWith("\n")).toBe(true);
    const lines = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line.messages.map((m: { role: string }) => m.role)).toEqual(["system", "user", "assistant"]);
    expect(line.messages[0].content).toContain("assets: www");
    expect(line.messages[1]).toEqual({ role: "user", content: PHRASE });
    const [call] = line.messages[2].tool_calls;
    expect(call).toMatchObject({ type: "function", id: expect.stringMatching(/^call_\w+$/) });
    expect(call.function.name).toBe("createPolicy");
    // Arguments are a JSON string, as the format requires, holding the corrected call.
    expect(JSON.parse(call.function.arguments)).toMatchObject({ assets: ["www"], retention: usual });
    const tool = line.tools.find((t: { function: { name: string } }) => t.function.name === "createPolicy");
    expect(tool).toMatchObject({ type: "function", function: { parameters: { type: "object" } } });
    expect(tool.function.parameters.required).toContain("assets");
    await expect(exportExamples(f.ctx("operator"))).rejects.toMatchObject({ code: "forbidden" });
  });

  it("deleting the example (admins, audited) undoes the learning", async () => {
    await expect(deleteExample(f.ctx("operator"), exampleId)).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteExample(f.ctx("admin"), "plain-approval")).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(deleteExample(f.ctx("admin"), "short")).rejects.toMatchObject({ code: "invalid_input" });
    // Named by a prefix, as the CLI's lists print IDs.
    expect(await deleteExample(f.ctx("admin"), exampleId.slice(0, 10))).toEqual({
      id: exampleId,
      toolName: "createPolicy",
    });
    expect(await listExamples(f.ctx("admin"))).toEqual([]);
    expect(await exported()).toBe("");
    const [audit] = await f.t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "assistant.example.delete"));
    expect(audit).toMatchObject({
      target: exampleId,
      actorEmail: "admin@example.com",
      details: { tool: "createPolicy" },
    });

    const after = await draftFor(PHRASE);
    expect(after.part?.type).toBe("tool-createPolicy");
    expect(after.part?.input).toEqual(drafted);
  });
});
