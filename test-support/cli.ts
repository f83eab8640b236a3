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

/**
 * `npm run lifeboat` as a command line: package.json's script is `sh bin/lifeboat`, which sets
 * Node's flags and environment (V8 flags, allocator settings, extra CA certificates) before
 * starting the compiled CLI. Tests and benchmarks that start the compiled CLI use this, so they
 * run it exactly as users do. Returns the file to spawn and its arguments.
 */
export function lifeboatCommand(args: string[] = []): [file: string, args: string[]] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  if (pkg.scripts.lifeboat !== "sh bin/lifeboat") {
    throw new Error(
      `package.json's lifeboat script changed (${pkg.scripts.lifeboat}): update lifeboatCommand`,
    );
  }
  return ["sh", [path.join(ROOT, "bin/lifeboat"), ...args]];
}
