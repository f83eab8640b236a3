// Runs the Lifeboat CLI from source (as `tsx bin/lifeboat.ts`) the way a user would, and
// returns its exit code and output instead of throwing on a non-zero exit: CLI tests assert
// on failures as much as on successes.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return run("node", ["--import", "tsx", "bin/lifeboat.ts", ...args], { env }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: CliResult) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}
