import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { auditEvents, users } from "@/db/schema";

const run = promisify(execFile);
let dataDir: string;

async function lifeboat(args: string[], stdin?: string) {
  const child = run("node", ["--import", "tsx", "bin/lifeboat.ts", ...args], {
    env: { ...process.env, LIFEBOAT_DATA_DIR: dataDir, DATABASE_URL: "" },
  });
  if (stdin !== undefined) child.child.stdin?.end(stdin);
  return child.then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-cli-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("lifeboat CLI", () => {
  it("prints help listing the registered commands", async () => {
    const { code, stdout } = await lifeboat(["help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/user create\s+create a user/);
  });

  it("refuses an unknown command with exit code 2", async () => {
    const { code, stderr } = await lifeboat(["frobnicate"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command "frobnicate"/);
  });

  it("creates the first admin from stdin through the services, audited as cli", async () => {
    const created = await lifeboat(
      ["user", "create", "--email", "Root@Example.com", "--role", "admin"],
      "a long password\n",
    );
    expect(created.stderr).toBe("");
    expect(created.stdout).toMatch(/created admin root@example.com/);
    const weak = await lifeboat(
      ["user", "create", "--email", "x@example.com", "--role", "viewer"],
      "short\n",
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/password: must be at least 10 characters/);

    const handle = await openDb({ dataDir });
    try {
      const rows = await handle.db.select().from(users);
      expect(rows.map((u) => [u.email, u.role])).toEqual([["root@example.com", "admin"]]);
      const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "user.create"));
      expect(event).toMatchObject({ source: "cli", target: rows[0]?.id });
    } finally {
      await handle.close();
    }
  });
});
