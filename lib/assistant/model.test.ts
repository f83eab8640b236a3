// Model selection: a key selects @ai-sdk/openai (Chat Completions when a base URL is given, the
// dialect self-hosted servers speak); without one, the offline seam answers through the same
// pipeline, and the badge names it.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, policies } from "@/db/schema";
import { env } from "@/lib/env";
import { addAsset } from "@/lib/services/assets";
import { assistantModelInfo, setAssistantOfflineOnly } from "@/lib/services/settings";
import {
  type AssistantFixture,
  createAssistantFixture,
  decide,
  draftsOf,
  turn,
  userMessage,
} from "./chat.fixture";
import { selectModel } from "./model";

let f: AssistantFixture;
beforeAll(async () => {
  f = await createAssistantFixture();
  await addAsset(f.ctx("admin"), { kind: "directory", name: "www", path: path.join(f.dir, "www") });
});
afterAll(async () => {
  await f?.destroy();
});

describe("model selection", () => {
  it("speaks Chat Completions to a base URL, the Responses API to OpenAI, and falls back offline", () => {
    const offline = { ctx: f.ctx("admin"), timeZone: "UTC" };
    const local = selectModel(
      { OPENAI_API_KEY: "k", OPENAI_BASE_URL: "http://127.0.0.1:11434/v1", LIFEBOAT_MODEL: "llama3.1" },
      offline,
    );
    expect(local.label).toBe("llama3.1 (127.0.0.1:11434)");
    expect((local.model as { provider: string }).provider).toBe("openai.chat");
    const hosted = selectModel({ OPENAI_API_KEY: "k" }, offline);
    expect((hosted.model as { provider: string }).provider).toBe("openai.responses");
    expect(selectModel({}, offline).label).toBe("offline planner");
  });

  it("without a key the offline planner answers through the same pipeline, and its drafts need approval", async () => {
    f.settings.OPENAI_API_KEY = undefined;
    try {
      const first = await turn(f, "admin", {
        message: userMessage("back up www every night at 2, keep 7 daily"),
        timeZone: "Europe/Berlin",
      });
      expect(first.errors).toEqual([]);
      expect(first.message.metadata).toMatchObject({ model: "offline planner" });
      const [part] = draftsOf(first.message);
      expect(part).toMatchObject({ type: "tool-createPolicy", state: "approval-requested" });
      expect(part?.input).toMatchObject({ assets: ["www"], schedule: "0 2 * * *", retention: { daily: 7 } });
      expect(await f.t.db.select().from(policies)).toHaveLength(0);
      const approved = await turn(f, "admin", {
        id: first.chatId,
        message: decide(first.message, part as never, true),
        timeZone: "Europe/Berlin",
      });
      expect(draftsOf(approved.message)[0]?.state).toBe("output-available");
      expect(await f.t.db.select().from(policies)).toHaveLength(1);
      expect(f.fake.requests).toHaveLength(0);
    } finally {
      f.settings.OPENAI_API_KEY = "sk-test-not-a-secret";
    }
  });

  it("an administrator's offline-only setting keeps a configured hosted model out of the chat, and undoing it brings it back", async () => {
    const before = f.fake.requests.length;
    await expect(setAssistantOfflineOnly(f.ctx("operator"), { offlineOnly: true })).rejects.toThrow(/admin/);
    await setAssistantOfflineOnly(f.ctx("admin"), { offlineOnly: true });
    try {
      expect(await assistantModelInfo(f.ctx("viewer"), { ...env(), ...f.settings } as never)).toMatchObject({
        provider: "offline planner",
        keyConfigured: true,
        offlineOnly: true,
      });
      const reply = await turn(f, "viewer", { message: userMessage("list my policies"), timeZone: "UTC" });
      expect(reply.errors).toEqual([]);
      expect(reply.message.metadata).toMatchObject({ model: "offline planner" });
      expect(reply.message.parts.some((p) => p.type === "tool-listPolicies")).toBe(true);
      expect(f.fake.requests).toHaveLength(before);
    } finally {
      await setAssistantOfflineOnly(f.ctx("admin"), { offlineOnly: false });
    }
    const hosted = await turn(f, "viewer", { message: userMessage("list my policies"), timeZone: "UTC" });
    expect(hosted.message.metadata).toMatchObject({ model: `fake-model (${new URL(f.fake.url).host})` });
    expect(f.fake.requests.length).toBeGreaterThan(before);
  });

  it("the offline planner's drafts in later turns of one chat are approved and run too (call ids never repeat), with paths as typed", async () => {
    f.settings.OPENAI_API_KEY = undefined;
    try {
      let chatId: string | undefined;
      for (const name of ["Docs", "Photos"]) {
        const folder = path.join(f.dir, name);
        await mkdir(folder, { recursive: true });
        const draft = await turn(f, "admin", {
          id: chatId,
          message: userMessage(`Add ${folder} as a directory asset called ${name.toLowerCase()}`),
          timeZone: "UTC",
        });
        chatId = draft.chatId;
        const [part] = draftsOf(draft.message);
        expect(part?.input).toMatchObject({ kind: "directory", path: folder });
        const done = await turn(f, "admin", {
          id: chatId,
          message: decide(draft.message, part as never, true),
          timeZone: "UTC",
        });
        expect(done.errors).toEqual([]);
        expect(draftsOf(done.message)[0]?.state).toBe("output-available");
      }
      const names = (await f.t.db.select({ name: assets.name, path: assets.path }).from(assets)).map(
        (a) => a.name,
      );
      expect(names).toEqual(expect.arrayContaining(["docs", "photos"]));
    } finally {
      f.settings.OPENAI_API_KEY = "sk-test-not-a-secret";
    }
  });

  it("a tool's refusal reads as its answer, not as a failure of the assistant", async () => {
    f.settings.OPENAI_API_KEY = undefined;
    try {
      const reply = await turn(f, "admin", { message: userMessage("why did last night's backup fail?") });
      const call = reply.message.parts.find((p) => p.type === "tool-diagnoseJob") as
        | { state: string; errorText?: string }
        | undefined;
      expect(call).toMatchObject({ state: "output-error", errorText: "No job has failed." });
      const text = reply.message.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join(" ");
      expect(text).toContain("No job has failed.");
      expect(text).not.toMatch(/assistant failed|did not work/);
    } finally {
      f.settings.OPENAI_API_KEY = "sk-test-not-a-secret";
    }
  });

  it("the offline planner asks the advisor for a recommendation, answers with its figures and drafts it for approval", async () => {
    f.settings.OPENAI_API_KEY = undefined;
    const policiesBefore = (await f.t.db.select().from(policies)).length;
    try {
      const reply = await turn(f, "admin", {
        message: userMessage("recommend a policy for www"),
        timeZone: "Europe/Berlin",
      });
      expect(reply.errors).toEqual([]);
      const call = reply.message.parts.find((p) => p.type === "tool-recommendPolicy") as
        | { state: string; output?: { feasible: boolean; draft?: { tool: string }; summary: string } }
        | undefined;
      expect(call?.state).toBe("output-available");
      // No history yet: the advisor says so and still drafts a policy from its stated defaults.
      expect(call?.output).toMatchObject({ feasible: true, draft: { tool: "createPolicy" } });
      expect(call?.output?.summary).toMatch(/no backup history yet/);
      expect(await f.t.db.select().from(policies)).toHaveLength(policiesBefore);
      // The recommendation is one approval away: its createPolicy draft waits on a card.
      const draft = draftsOf(reply.message).find((p) => p.type === "tool-createPolicy");
      expect(draft).toMatchObject({ type: "tool-createPolicy", state: "approval-requested" });
      expect(draft?.input).toMatchObject({ assets: ["www"], name: "www-advised" });
      const approved = await turn(f, "admin", {
        id: reply.chatId,
        message: decide(reply.message, draft as never, true),
        timeZone: "Europe/Berlin",
      });
      expect(approved.errors).toEqual([]);
      expect(await f.t.db.select().from(policies)).toHaveLength(policiesBefore + 1);
    } finally {
      f.settings.OPENAI_API_KEY = "sk-test-not-a-secret";
    }
  });
});
