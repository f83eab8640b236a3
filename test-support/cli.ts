// Runs the Lifeboat CLI the way a user would, and returns its exit code and output instead of
// throwing on a non-zero exit: CLI tests assert on failures as much as on successes.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** From source, as `tsx bin/lifeboat.ts` runs it. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return run("node", ["--import", "tsx", "bin/lifeboat.ts", ...args], { env }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: CliResult) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** package.json's `lifeboat` script as words: leading NAME=value settings, then `node`, flags, launcher. */
function lifeboatScript(): { env: Record<string, string>; node: string[] } {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const words = (pkg.scripts.lifeboat as string).trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? "")) {
    const [name, ...value] = (words.shift() as string).split("=");
    env[name] = value.join("=");
  }
  if (words[0] !== "node") throw new Error(`package.json's lifeboat script must run node, not ${words[0]}`);
  return { env, node: words.slice(1) };
}

/**
 * The Node arguments `npm run lifeboat` starts the CLI with: package.json's script minus the
 * leading `node`, the launcher's path made absolute. Tests and benchmarks that start the
 * compiled CLI use these and lifeboatEnv(), so they run it exactly as users do, V8 flags and
 * allocator settings included.
 */
export function lifeboatNodeArgs(): string[] {
  return lifeboatScript().node.map((a) => (a.startsWith("-") ? a : path.join(ROOT, a)));
}

/** The environment settings package.json's script puts before `node` (glibc's tunables). */
export function lifeboatEnv(): Record<string, string> {
  return lifeboatScript().env;
}
