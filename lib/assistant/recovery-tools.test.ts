// The recovery tools through the chat, as a hosted model would use them (fake OpenAI server):
// planRecovery runs at once and saves an operator's draft, answered with the plan in words;
// startRecovery waits for approval, then queues the plan's restores; a viewer gets the plan
// unsaved and cannot start one.
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, recoveryPlans, restorePoints } from "@/db/schema";
import { addAsset } from "@/lib/services/assets";
import { createRepositoryFixture } from "@/test-support/job-kinds";
import {
  type AssistantFixture,
  createAssistantFixture,
  decide,
  draftsOf,
  turn,
  userMessage,
} from "./chat.fixture";

let f: AssistantFixture;
let verifiedId: string;

beforeAll(async () => {
  f = await createAssistantFixture();
  const www = await addAsset(f.ctx("admin"), {
    kind: "directory",
    name: "www",
    path: path.join(f.dir, "www"),
  });
  const repo = await createRepositoryFixture(f.t, f.dir);
  const rows = await f.t.db
    .insert(restorePoints)
    .values([
      {
        assetId: www.id,
        repositoryId: repo.repositoryId,
        snapshotId: "1".repeat(64),
        time: new Date("2026-11-20T12:00:00Z"),
        sizeBytes: 5 * 1024 * 1024,
        verifiedStatus: "verified" as const,
      },
      {
        assetId: www.id,
        repositoryId: repo.repositoryId,
        snapshotId: "2".repeat(64),
        time: new Date("2026-11-20T15:00:00Z"),
        sizeBytes: 5 * 1024 * 1024,
        verifiedStatus: "verified" as const,
      },
    ])
    .returning();
  verifiedId = rows[0]?.id as string;
});
afterAll(async () => {
  await f?.destroy();
});

describe("recovery tools in the chat", () => {
  it("plans (saved), then starts only after approval", async () => {
    f.fake.replies.push({
      toolCalls: [
        {
          name: "planRecovery",
          args: { assets: ["www"], before: "2026-11-20T14:05:00Z", reason: "www was defaced" },
        },
      ],
    });
    f.fake.replies.push({ text: "Here is the plan." });
    const first = await turn(f, "operator", {
      message: userMessage("www was defaced at 14:05"),
      timeZone: "UTC",
    });
    expect(first.errors).toEqual([]);
    const [planned] = draftsOf(first.message);
    expect(planned).toMatchObject({ type: "tool-planRecovery", state: "output-available" });
    const output = (planned as unknown as { output: { plan: string; saved: boolean; text: string } }).output;
    expect(output.saved).toBe(true);
    expect(output.text).toContain("restore point 11111111 of 2026-11-20 12:00 UTC (verified)");
    const [saved] = await f.t.db.select().from(recoveryPlans).where(eq(recoveryPlans.id, output.plan));
    expect(saved).toMatchObject({ status: "draft", source: "assistant", reason: "www was defaced" });

    f.fake.replies.push({ toolCalls: [{ name: "startRecovery", args: { plan: output.plan } }] });
    const second = await turn(f, "operator", { id: first.chatId, message: userMessage("start it") });
    const [draft] = draftsOf(second.message);
    expect(draft).toMatchObject({ type: "tool-startRecovery", state: "approval-requested" });
    expect(await f.t.db.select().from(jobs).where(eq(jobs.kind, "restore"))).toEqual([]);

    f.fake.replies.push({ text: "Started." });
    const approved = await turn(f, "operator", {
      id: first.chatId,
      message: decide(second.message, draft as never, true),
    });
    expect(approved.errors).toEqual([]);
    const queued = await f.t.db.select().from(jobs).where(eq(jobs.kind, "restore"));
    expect(queued).toHaveLength(1);
    expect(queued[0]?.params).toMatchObject({ restorePointId: verifiedId, recovery: output.plan });
    const [running] = await f.t.db.select().from(recoveryPlans).where(eq(recoveryPlans.id, output.plan));
    expect(running?.status).toBe("running");
  });

  it("gives a viewer the plan unsaved", async () => {
    f.fake.replies.push({ toolCalls: [{ name: "planRecovery", args: { assets: ["www"] } }] });
    f.fake.replies.push({ text: "Here is the plan." });
    const before = (await f.t.db.select().from(recoveryPlans)).length;
    const first = await turn(f, "viewer", { message: userMessage("www is gone") });
    const [planned] = draftsOf(first.message);
    const output = (planned as unknown as { output: { plan: null; saved: boolean; note: string } }).output;
    expect(output).toMatchObject({
      plan: null,
      saved: false,
      note: expect.stringContaining("needs an operator"),
    });
    expect((await f.t.db.select().from(recoveryPlans)).length).toBe(before);
  });
});
