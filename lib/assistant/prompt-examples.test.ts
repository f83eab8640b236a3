// A hosted model learns from corrections too: after a person edits a drafted policy and approves
// it, the next request like it reaches the model (the fake OpenAI-compatible server, which records
// what it is sent) with that example in the system prompt; an unlike request does not, and nothing
// secret from an example is ever put in.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAsset } from "@/lib/services/assets";
import type { FakeRequest } from "@/test-support/fake-openai";
import {
  type AssistantFixture,
  createAssistantFixture,
  decide,
  draftsOf,
  turn,
  userMessage,
} from "./chat.fixture";
import { examplesSection } from "./prompt-examples";

let f: AssistantFixture;
beforeAll(async () => {
  f = await createAssistantFixture();
  await mkdir(path.join(f.dir, "shop"), { recursive: true });
  await addAsset(f.ctx("admin"), { kind: "directory", name: "www", path: path.join(f.dir, "www") });
  await addAsset(f.ctx("admin"), { kind: "directory", name: "shop", path: path.join(f.dir, "shop") });
});
afterAll(async () => {
  await f?.destroy();
});

const systemOf = (request: FakeRequest | undefined) =>
  String(request?.body.messages?.find((m) => m.role === "system")?.content ?? "");
const HEADING = "This organisation's own phrasing";

describe("learned examples in a hosted model's prompt", () => {
  it("after one correction, the next similar request's system prompt carries it; an unlike one does not", async () => {
    const wrong = {
      name: "storefront nightly",
      assets: ["www"],
      schedule: "0 2 * * *",
      retention: { daily: 7 },
    };
    f.fake.replies.push({ toolCalls: [{ name: "createPolicy", args: wrong }] });
    const first = await turn(f, "admin", {
      message: userMessage("protect the storefront files every night"),
    });
    expect(systemOf(f.fake.requests.at(-1))).not.toContain(HEADING);
    const [part] = draftsOf(first.message);
    const corrected = { ...wrong, assets: ["shop"] };
    f.fake.replies.push({ text: "Done." });
    await turn(f, "admin", {
      id: first.chatId,
      message: decide(first.message, part as never, true),
      edits: { [part?.approval?.id as string]: corrected },
    });

    f.fake.replies.push({ text: "Drafting it." });
    await turn(f, "operator", { message: userMessage("Protect the storefront files every weekday night") });
    const system = systemOf(f.fake.requests.at(-1));
    expect(system).toContain(HEADING);
    expect(system).toContain(
      `- "protect the storefront files every night" → createPolicy ${JSON.stringify(corrected)}`,
    );

    f.fake.replies.push({ text: "Here they are." });
    await turn(f, "admin", { message: userMessage("list my restore points of www") });
    expect(systemOf(f.fake.requests.at(-1))).not.toContain(HEADING);
  });

  it("takes the nearest few only, and never a password, token or key", () => {
    const url = "postgres://app:s3cret-pw@db.internal:5432/orders";
    const lines = examplesSection("add the orders database from db.internal", [
      {
        request: `add the orders database from ${url}`,
        toolName: "addAsset",
        input: { kind: "postgres", name: "orders", database: url, apiKey: "sk-live-123" },
      },
      {
        request: "pause nightly-www",
        toolName: "updatePolicy",
        input: { policy: "nightly-www", enabled: false },
      },
    ]).join("\n");
    expect(lines).toContain("addAsset");
    expect(lines).toContain("db.internal:5432/orders");
    expect(lines).not.toContain("s3cret-pw");
    expect(lines).not.toContain("sk-live-123");
    expect(lines).not.toContain("nightly-www");
    expect(examplesSection("add the orders database", [])).toEqual([]);
  });
});
