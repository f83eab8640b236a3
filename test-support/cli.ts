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
 * The Node arguments `npm run lifeboat` starts the CLI with: package.json's script minus the
 * leading `node`, the launcher's path made absolute. Tests and benchmarks that start the
 * compiled CLI use these, so they run it exactly as users do, V8 flags included.
 */
export function lifeboatNodeArgs(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const [node, ...args] = (pkg.scripts.lifeboat as string).trim().split(/\s+/);
  if (node !== "node") throw new Error(`package.json's lifeboat script must start with node, not ${node}`);
  return args.map((a) => (a.startsWith("-") ? a : path.join(ROOT, a)));
}
