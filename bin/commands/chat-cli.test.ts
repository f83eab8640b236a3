// `lifeboat chat` driven through a pseudo-terminal (util-linux `script` gives it a real tty): a
// policy asked for, shown as a card, approved at the y/N prompt, exists afterwards; the model is
// the fake OpenAI-compatible server, reached through the real @ai-sdk/openai provider.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { auditEvents, policies, users } from "@/db/schema";
import { testActor, testContext } from "@/lib/auth/testing";
import { addAsset } from "@/lib/services/assets";
import { type FakeOpenAI, startFakeOpenAI } from "@/test-support/fake-openai";

const root = path.resolve(import.meta.dirname, "../..");
const hasScript = (() => {
  try {
    execFileSync("script", ["--version"]);
    return true;
  } catch {
    return false;
  }
})();

let dir: string;
let fake: FakeOpenAI;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-chat-cli-"));
  await mkdir(path.join(dir, "www"));
  const handle = await openDb({ dataDir: path.join(dir, "data") });
  await handle.db
    .insert(users)
    .values({ id: "u-admin", name: "Ada", email: "ada@example.com", role: "admin" });
  await addAsset(testContext(handle.db, testActor("admin", { id: "u-admin" })), {
    kind: "directory",
    name: "www",
    path: path.join(dir, "www"),
  });
  await handle.close();
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function terminal(child: ChildProcess) {
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d.toString();
  });
  return {
    output: () => output,
    async waitFor(pattern: RegExp, from: number, timeoutMs = 60_000) {
      const started = Date.now();
      while (!pattern.test(output.slice(from))) {
        if (Date.now() - started > timeoutMs)
          throw new Error(`timed out waiting for ${pattern}; output:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return output.length;
    },
  };
}

describe("lifeboat chat in a terminal", () => {
  it.skipIf(!hasScript)("a policy asked for and approved at the prompt exists afterwards", async () => {
    fake.replies.push(
      {
        text: "Here is the policy.",
        toolCalls: [
          {
            name: "createPolicy",
            args: { name: "www nightly", assets: ["www"], schedule: "0 2 * * *", retention: { daily: 7 } },
          },
        ],
      },
      { text: "Created it." },
    );
    const child = spawn(
      "script",
      ["-qfec", "node --import tsx bin/lifeboat.ts chat --tz Europe/Berlin", "/dev/null"],
      {
        cwd: root,
        env: {
          ...process.env,
          LIFEBOAT_DATA_DIR: path.join(dir, "data"),
          DATABASE_URL: "",
          OPENAI_API_KEY: "sk-cli-test",
          OPENAI_BASE_URL: fake.url,
          LIFEBOAT_MODEL: "fake-model",
        },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const tty = terminal(child);
    let at = await tty.waitFor(/acting as ada@example\.com[\s\S]*> /, 0);
    child.stdin?.write("back up www every night at 2 and keep 7 dailies\n");
    at = await tty.waitFor(/createPolicy \(needs your approval\)[\s\S]*Approve\? \[y\/N\] /, at);
    expect(tty.output()).toContain("At 02:00");
    expect(tty.output()).toContain("Keep 7 daily");
    child.stdin?.write("y\n");
    at = await tty.waitFor(/Created it\.[\s\S]*> /, at);
    expect(tty.output()).toContain("✓ createPolicy: www nightly");
    child.stdin?.write("\n");
    expect(await exited).toBe(0);

    const handle = await openDb({ dataDir: path.join(dir, "data") });
    try {
      const [policy] = await handle.db.select().from(policies).where(eq(policies.name, "www nightly"));
      expect(policy).toMatchObject({
        schedule: "0 2 * * *",
        timezone: "Europe/Berlin",
        retention: { daily: 7 },
      });
      const trail = await handle.db.select().from(auditEvents).where(eq(auditEvents.source, "assistant"));
      expect(trail.map((e) => e.action)).toEqual(
        expect.arrayContaining(["assistant.approve", "policy.create"]),
      );
    } finally {
      await handle.close();
    }
  });
});
