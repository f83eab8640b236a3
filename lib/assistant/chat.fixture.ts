// Shared by the assistant's tests: a database with users of each role, a folder asset, the real
// @ai-sdk/openai provider pointed at the fake OpenAI-compatible server, and helpers that run a
// chat turn and read its streamed answer the way a browser would.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { UIMessage } from "ai";
import { users } from "@/db/schema";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import type { Role } from "@/lib/auth/roles";
import { testActor, testContext } from "@/lib/auth/testing";
import { testSecrets } from "@/lib/services/config.fixture";
import type { ServiceContext } from "@/lib/services/context";
import { type FakeOpenAI, startFakeOpenAI } from "@/test-support/fake-openai";
import { type ChatRequestBody, runChatTurn } from "./chat-turn";
import type { ModelSettings } from "./model";
import { readTurn } from "./read-turn";

export interface AssistantFixture {
  t: TestDatabase;
  fake: FakeOpenAI;
  dir: string;
  settings: ModelSettings;
  ctx(role: Role): ServiceContext;
  destroy(): Promise<void>;
}

export async function createAssistantFixture(): Promise<AssistantFixture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-assistant-"));
  process.env.LIFEBOAT_DATA_DIR = path.join(dir, "data");
  process.env.LIFEBOAT_SECRET ??= "assistant-test-secret-".repeat(3);
  await mkdir(path.join(dir, "www"), { recursive: true });
  const t = await createTestPglite();
  for (const role of ["viewer", "operator", "admin"] as const) {
    await t.db.insert(users).values({ id: `u-${role}`, name: role, email: `${role}@example.com`, role });
  }
  const fake = await startFakeOpenAI();
  return {
    t,
    fake,
    dir,
    settings: {
      OPENAI_API_KEY: "sk-test-not-a-secret",
      OPENAI_BASE_URL: fake.url,
      LIFEBOAT_MODEL: "fake-model",
    },
    ctx: (role) => testContext(t.db, testActor(role, { id: `u-${role}` }), testSecrets),
    destroy: async () => {
      await fake.close();
      await t.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TurnResult {
  chatId: string;
  /** The assistant message as the browser assembles it from the stream. */
  message: UIMessage;
  /** Error texts the stream carried. */
  errors: string[];
}

/** Runs one turn and reads the whole stream, as useChat would. */
export async function turn(
  f: AssistantFixture,
  role: Role,
  body: ChatRequestBody,
  extra: { timeoutMs?: { total: number; chunk: number } } = {},
): Promise<TurnResult> {
  const response = await runChatTurn(f.ctx(role), body, { settings: f.settings, ...extra });
  const chatId = response.headers.get("x-chat-id") as string;
  const continues = body.message.role === "assistant" ? (body.message as unknown as UIMessage) : undefined;
  const { message, errors } = await readTurn(response, { continues });
  return { chatId, message: message as UIMessage, errors };
}

export function userMessage(text: string): ChatRequestBody["message"] {
  return { role: "user", parts: [{ type: "text", text }] };
}

export interface DraftPart {
  type: string;
  toolCallId: string;
  state: string;
  input: Record<string, unknown>;
  approval?: { id: string; approved?: boolean; reason?: string };
}

export function draftsOf(message: UIMessage): DraftPart[] {
  return (message.parts as unknown as DraftPart[]).filter((p) => p.type.startsWith("tool-"));
}

/** The browser's copy of the message with a decision on one draft, as useChat sends it. */
export function decide(
  message: UIMessage,
  part: DraftPart,
  approved: boolean,
  changes: Partial<DraftPart> = {},
) {
  const parts = (message.parts as unknown as DraftPart[]).map((p) =>
    p.toolCallId === part.toolCallId
      ? {
          ...p,
          state: "approval-responded",
          approval: { id: p.approval?.id as string, approved, ...(approved ? {} : { reason: "no" }) },
          ...changes,
        }
      : p,
  );
  return { id: message.id, role: "assistant" as const, parts: parts as unknown as Record<string, unknown>[] };
}
