// The approval gate end to end: the real @ai-sdk/openai provider against a fake OpenAI-compatible
// server on loopback that streams a tool call. The call reaches the approval state; an approval
// runs it once; forged, altered and replayed approvals are refused and audited; a denial changes
// nothing and the model is told; an edit is what runs and is recorded; a viewer cannot restore.
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assistantApprovals, auditEvents, jobs, policies } from "@/db/schema";
import { addAsset } from "@/lib/services/assets";
import { getChatMessages } from "@/lib/services/chats";
import { createPolicy } from "@/lib/services/policies";
import {
  type AssistantFixture,
  createAssistantFixture,
  decide,
  draftsOf,
  turn,
  userMessage,
} from "./chat.fixture";

let f: AssistantFixture;
const draft = {
  name: "www nightly",
  assets: ["www"],
  schedule: "0 2 * * *",
  retention: { daily: 7 },
};

beforeAll(async () => {
  f = await createAssistantFixture();
  await addAsset(f.ctx("admin"), { kind: "directory", name: "www", path: path.join(f.dir, "www") });
});
afterAll(async () => {
  await f?.destroy();
});

async function audit(action: string) {
  return f.t.db.select().from(auditEvents).where(eq(auditEvents.action, action));
}
async function policyCount() {
  return (await f.t.db.select().from(policies)).length;
}

describe("assistant approvals through @ai-sdk/openai and a fake OpenAI server", () => {
  it("drafts, refuses forged, altered and replayed approvals, and runs an approved call once", async () => {
    f.fake.replies.push({ text: "Here is the policy. ", toolCalls: [{ name: "createPolicy", args: draft }] });
    const first = await turn(f, "admin", {
      message: userMessage("back up www every night at 2 and keep a week of dailies"),
      timeZone: "Europe/Berlin",
    });
    expect(first.errors).toEqual([]);
    const [part] = draftsOf(first.message);
    expect(part).toMatchObject({ type: "tool-createPolicy", state: "approval-requested", input: draft });
    expect(await policyCount()).toBe(0);
    // What the model was sent: the tools of the contract, the inventory's names, the time zone.
    const sent = f.fake.requests[0]?.body;
    expect(sent?.model).toBe("fake-model");
    expect(JSON.stringify(sent?.tools)).toContain("createPolicy");
    expect(sent?.messages?.[0]?.content).toContain("- www: folder");
    expect(sent?.messages?.[0]?.content).toContain("Europe/Berlin");
    const [row] = await f.t.db.select().from(assistantApprovals);
    expect(row).toMatchObject({ status: "pending", toolName: "createPolicy", chatId: first.chatId });
    expect(row?.request).toContain("keep a week of dailies");
    expect(row?.inventory?.assets).toEqual(["www"]);

    // An approval never shown.
    const forged = decide(first.message, part as never, true, {
      approval: { id: "forged-approval", approved: true },
    });
    await expect(turn(f, "admin", { id: first.chatId, message: forged })).rejects.toThrow(/Approval refused/);
    // The shown approval, with the arguments changed behind the card.
    const altered = decide(first.message, part as never, true, {
      input: { ...draft, schedule: "* * * * *" },
    });
    await expect(turn(f, "admin", { id: first.chatId, message: altered })).rejects.toThrow(
      /arguments differ/,
    );
    // Another user's attempt at this chat.
    await expect(
      turn(f, "operator", { id: first.chatId, message: decide(first.message, part as never, true) }),
    ).rejects.toThrow(/No chat/);
    expect(await policyCount()).toBe(0);
    expect((await audit("assistant.approval.refused")).map((e) => e.details.why)).toEqual([
      "no such action was drafted",
      "the arguments differ from the drafted ones",
    ]);

    // The real approval: runs once, and the model is told the result.
    f.fake.replies.push({ text: "Created the policy www nightly." });
    const requestsBefore = f.fake.requests.length;
    const approved = await turn(f, "admin", {
      id: first.chatId,
      message: decide(first.message, part as never, true),
      timeZone: "Europe/Berlin",
    });
    expect(approved.errors).toEqual([]);
    expect(await policyCount()).toBe(1);
    const [created] = await f.t.db.select().from(policies);
    expect(created).toMatchObject({ name: "www nightly", schedule: "0 2 * * *", timezone: "Europe/Berlin" });
    expect(draftsOf(approved.message)[0]?.state).toBe("output-available");
    const toolMessage = f.fake.requests[requestsBefore]?.body.messages?.find((m) => m.role === "tool");
    expect(JSON.stringify(toolMessage)).toContain("www nightly");
    const [executed] = await f.t.db.select().from(assistantApprovals);
    expect(executed?.status).toBe("executed");

    // The same approval again: refused and audited, nothing runs twice.
    await expect(
      turn(f, "admin", { id: first.chatId, message: decide(first.message, part as never, true) }),
    ).rejects.toThrow(/already executed/);
    expect(await policyCount()).toBe(1);
    expect((await audit("assistant.approval.refused")).length).toBe(3);

    // Every step is in the audit log with source "assistant".
    const trail = await f.t.db.select().from(auditEvents).where(eq(auditEvents.source, "assistant"));
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining(["assistant.draft", "assistant.approve", "policy.create", "assistant.execute"]),
    );
    // The saved chat resumes with the executed call in it.
    const saved = await getChatMessages(f.ctx("admin"), first.chatId);
    expect(saved.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(JSON.stringify(saved[1]?.parts)).toContain("output-available");
  });

  it("a denial changes nothing, is remembered, and the model is told", async () => {
    await createPolicy(f.ctx("admin"), {
      name: "keep-me",
      assets: ["www"],
      schedule: "0 3 * * *",
      retention: { daily: 3 },
    });
    f.fake.replies.push({ toolCalls: [{ name: "deletePolicy", args: { policy: "keep-me" } }] });
    const first = await turn(f, "admin", { message: userMessage("delete keep-me") });
    const [part] = draftsOf(first.message);
    f.fake.replies.push({ text: "Understood, I left it." });
    const before = f.fake.requests.length;
    const denied = await turn(f, "admin", {
      id: first.chatId,
      message: decide(first.message, part as never, false),
    });
    expect(draftsOf(denied.message)[0]?.state).toBe("output-denied");
    expect((await f.t.db.select().from(policies).where(eq(policies.name, "keep-me"))).length).toBe(1);
    const row = (
      await f.t.db.select().from(assistantApprovals).where(eq(assistantApprovals.chatId, first.chatId))
    )[0];
    expect(row?.status).toBe("denied");
    const told = f.fake.requests[before]?.body.messages?.find((m) => m.role === "tool");
    expect(told?.content).toBe("Denied by the user: no");
    expect((await audit("assistant.deny")).length).toBe(1);
    // Approving it afterwards is a replay.
    await expect(
      turn(f, "admin", { id: first.chatId, message: decide(first.message, part as never, true) }),
    ).rejects.toThrow(/already denied/);
    expect((await f.t.db.select().from(policies).where(eq(policies.name, "keep-me"))).length).toBe(1);
  });

  it("runs the person's edit of a draft and records original, final and request", async () => {
    const wrong = { name: "www weekly", assets: ["www"], schedule: "0 4 * * 0", retention: { daily: 7 } };
    f.fake.replies.push({ toolCalls: [{ name: "createPolicy", args: wrong }] });
    const first = await turn(f, "admin", { message: userMessage("weekly backup of the site, keep a month") });
    const [part] = draftsOf(first.message);
    const edited = { ...wrong, retention: { withinDays: 30 } };
    f.fake.replies.push({ text: "Done." });
    await turn(f, "admin", {
      id: first.chatId,
      message: decide(first.message, part as never, true),
      edits: { [part?.approval?.id as string]: edited },
    });
    const [policy] = await f.t.db.select().from(policies).where(eq(policies.name, "www weekly"));
    expect(policy?.retention).toEqual({ withinDays: 30 });
    const [row] = await f.t.db
      .select()
      .from(assistantApprovals)
      .where(eq(assistantApprovals.chatId, first.chatId));
    expect(row).toMatchObject({ edited: true, input: wrong, finalInput: edited, status: "executed" });
    expect(row?.request).toBe("weekly backup of the site, keep a month");
    const approve = (await audit("assistant.approve")).find((e) => e.details.chat === first.chatId);
    expect(approve?.details).toMatchObject({ edited: true, finalInput: edited, input: wrong });
    // An edit that breaks the contract is refused before anything runs.
    f.fake.replies.push({ toolCalls: [{ name: "createPolicy", args: { ...wrong, name: "other" } }] });
    const second = await turn(f, "admin", { message: userMessage("another one") });
    const [p2] = draftsOf(second.message);
    await expect(
      turn(f, "admin", {
        id: second.chatId,
        message: decide(second.message, p2 as never, true),
        edits: { [p2?.approval?.id as string]: { assets: [] } },
      }),
    ).rejects.toThrow(/edited arguments are not valid/);
  });

  it("a viewer's assistant cannot start a restore, even by approving the draft", async () => {
    f.fake.replies.push({ toolCalls: [{ name: "restore", args: { asset: "www" } }] });
    const first = await turn(f, "viewer", { message: userMessage("restore www") });
    const [part] = draftsOf(first.message);
    expect(part?.state).toBe("approval-requested");
    await expect(
      turn(f, "viewer", { id: first.chatId, message: decide(first.message, part as never, true) }),
    ).rejects.toThrow(/restore needs the operator role/);
    expect(await f.t.db.select().from(jobs).where(eq(jobs.kind, "restore"))).toEqual([]);
    const refused = await f.t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "assistant.approval.refused"), eq(auditEvents.actorId, "u-viewer")));
    expect(refused.length).toBe(1);
  });
});
