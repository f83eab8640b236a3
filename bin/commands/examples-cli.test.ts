// `lifeboat examples` as a script uses it, on the embedded database: list (text and --json),
// export as fine-tuning JSONL on stdout, delete by an ID prefix, and the one-line errors.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { assistantApprovals, chats, users } from "@/db/schema";
import { runCli } from "@/test-support/cli";
import { removeDir, tempDir } from "@/test-support/restic";

const ID = "approval-0123456789abcdef";

describe("examples commands", () => {
  let work: string;

  async function lifeboat(args: string[]) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LIFEBOAT_DATA_DIR: path.join(work, "data"),
      LIFEBOAT_SECRET: "examples cli test secret, long enough to be a key",
    };
    delete env.DATABASE_URL;
    return runCli(["examples", ...args], env);
  }

  beforeAll(async () => {
    work = await tempDir("lifeboat-examples-cli-");
    // A corrected draft that ran (an example) and one approved as drafted (not one), as the
    // approval gate stores them; the gate itself is tested in lib/assistant/approval.test.ts.
    const handle = await openDb({ dataDir: path.join(work, "data") });
    await handle.db.insert(users).values({ id: "u1", name: "Ada", email: "ada@example.com", role: "admin" });
    const [chat] = await handle.db.insert(chats).values({ userId: "u1" }).returning();
    const row = { chatId: chat?.id as string, userId: "u1", status: "executed" as const };
    await handle.db.insert(assistantApprovals).values([
      {
        ...row,
        id: ID,
        toolCallId: "call-1",
        toolName: "restore",
        request: "bring the shop db back to yesterday noon",
        input: { asset: "www", at: "2026-11-19T12:00:00Z" },
        finalInput: { asset: "orders", at: "2026-11-19T12:00:00Z" },
        edited: true,
        inventory: { assets: ["www", "orders"] },
      },
      {
        ...row,
        id: "approval-plain",
        toolCallId: "call-2",
        toolName: "deletePolicy",
        request: "delete old",
        input: { policy: "old" },
        finalInput: { policy: "old" },
      },
    ]);
    await handle.close();
  });
  afterAll(async () => {
    if (work) await removeDir(work);
  });

  it("lists, exports and deletes", { timeout: 120_000 }, async () => {
    const text = await lifeboat(["list"]);
    expect(text).toMatchObject({ code: 0 });
    expect(text.stdout).toMatch(/^ID +ACTION +WHEN +BY +REQUEST\n/);
    expect(text.stdout).toContain("bring the shop db back to yesterday noon");
    expect(text.stdout).not.toContain("delete old");

    const exported = await lifeboat(["export"]);
    expect(exported.code).toBe(0);
    const lines = exported.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0].messages[1]).toEqual({
      role: "user",
      content: "bring the shop db back to yesterday noon",
    });
    const call = lines[0].messages[2].tool_calls[0].function;
    expect(call.name).toBe("restore");
    expect(JSON.parse(call.arguments)).toEqual({ asset: "orders", at: "2026-11-19T12:00:00Z" });

    expect(await lifeboat(["delete"])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/name one example/),
    });
    const missing = await lifeboat(["delete", "approval-plain"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/No learned example/);

    const deleted = await lifeboat(["delete", ID.slice(0, 12)]);
    expect(deleted).toMatchObject({ code: 0, stdout: `deleted example ${ID} (restore)\n` });
    expect(JSON.parse((await lifeboat(["list", "--json"])).stdout)).toEqual([]);
  });
});
