// `lifeboat plan` as users run it (the compiled CLI, so chrono-node and cronstrue must load from
// the build): the public evaluation scored by score.mjs, one request with its clock and zone, and
// one request planned against the inventory of a real embedded database.
import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { lifeboatCommand, runCli } from "@/test-support/cli";

const run = promisify(execFile);
const EVAL = path.resolve(import.meta.dirname, "../../../shared/assistant-eval");
const dir = mkdtempSync(path.join(os.tmpdir(), "lifeboat-plan-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, LIFEBOAT_DATA_DIR: path.join(dir, "data"), DATABASE_URL: "" };

async function lifeboat(args: string[]) {
  const [file, argv] = lifeboatCommand(["plan", ...args]);
  return run(file, argv, { env, maxBuffer: 16 << 20 });
}

describe("lifeboat plan", () => {
  it("plans the public cases, one JSON line each, scoring at least 95%", async () => {
    const { stdout } = await lifeboat(["--cases", path.join(EVAL, "public.jsonl")]);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(36);
    expect(Object.keys(lines[0])).toEqual(["id", "toolCalls", "text"]);
    const out = path.join(dir, "public.out.jsonl");
    writeFileSync(out, stdout);
    const score = spawnSync(
      "node",
      [path.join(EVAL, "score.mjs"), path.join(EVAL, "public.jsonl"), out, "--min", "0.95"],
      { encoding: "utf8" },
    );
    expect(score.status, score.stdout).toBe(0);
  });

  it("plans one request with its clock and zone against a context file", async () => {
    const { stdout } = await lifeboat([
      "把 orders 数据库恢复到昨天下午3点",
      "--now",
      "2026-11-20T10:00:00+08:00",
      "--tz",
      "Asia/Shanghai",
      "--context",
      path.join(EVAL, "public.jsonl"),
    ]);
    expect(JSON.parse(stdout).toolCalls).toEqual([
      { toolName: "restore", input: { asset: "orders", at: "2026-11-19T07:00:00Z", overwrite: false } },
    ]);
  });

  it("refuses a bad zone", async () => {
    const r = await lifeboat(["status?", "--tz", "Mars/Olympus"]).catch((e) => e);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a time zone/);
  });

  it("plans against the assets of Lifeboat's own database", async () => {
    const site = path.join(dir, "site");
    mkdirSync(site);
    const added = await runCli(
      ["asset", "add", "--kind", "directory", "--name", "site", "--path", site],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    const { stdout } = await lifeboat([
      "restore site to yesterday 3pm",
      "--now",
      "2026-11-20T10:00:00Z",
      "--tz",
      "UTC",
    ]);
    expect(JSON.parse(stdout).toolCalls).toEqual([
      { toolName: "restore", input: { asset: "site", at: "2026-11-19T15:00:00Z", overwrite: false } },
    ]);
  });
});
