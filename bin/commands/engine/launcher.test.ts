// bin/lifeboat.mjs is what `npm run lifeboat` runs: the compiled CLI, rebuilt when stale. It
// must behave as `tsx bin/lifeboat.ts` did: exit codes, and paths relative to INIT_CWD.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lifeboatEnv, lifeboatNodeArgs } from "@/test-support/cli";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const LAUNCHER_ARGS = lifeboatNodeArgs();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-launcher-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function launch(args: string[]) {
  return spawnSync(process.execPath, [...LAUNCHER_ARGS, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...lifeboatEnv(), INIT_CWD: dir, LIFEBOAT_PASSWORD: "launcher-test" },
    encoding: "utf8",
  });
}

describe("bin/lifeboat.mjs", () => {
  it("runs the compiled CLI with the same exit codes", () => {
    const help = launch(["help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: npm run lifeboat/);
    // Built, not fallen back to tsx.
    expect(fs.existsSync(path.join(ROOT, "node_modules/.cache/lifeboat-cli/build.json"))).toBe(true);
    const unknown = launch(["frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
  }, 60_000);

  it("resolves paths from INIT_CWD and starts backup workers from the build", () => {
    expect(launch(["init", "--repo", "repo"]).status).toBe(0);
    fs.mkdirSync(path.join(dir, "data"));
    fs.writeFileSync(path.join(dir, "data", "a.txt"), "hello");
    const backup = launch(["backup", "--repo", "repo", "data", "--json"]);
    expect(backup.stderr).toBe("");
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(/"message_type":"summary"/);
  }, 60_000);
});
