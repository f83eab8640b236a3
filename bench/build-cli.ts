// The benchmarks run Lifeboat exactly as `npm run lifeboat` does: bin/lifeboat, which starts
// Node with the CLI's flags and environment and runs the CLI compiled by esbuild into
// node_modules/.cache/lifeboat-cli (see bin/build-cli.mjs). Running it once before measuring
// makes sure the build is fresh, so no timed run includes compiling. `npm run bench -- --tsx`
// measures through tsx instead.
import { spawnSync } from "node:child_process";
import { lifeboatCommand } from "@/test-support/cli";

/** The CLI as a command line (file, leading arguments), after making sure its build is fresh. */
export function cliLauncher(root: string): [file: string, args: string[]] {
  const [file, args] = lifeboatCommand();
  const r = spawnSync(file, [...args, "help"], { cwd: root, env: { ...process.env, INIT_CWD: "" } });
  if (r.status !== 0) throw new Error(`building the CLI failed: ${r.stderr}`);
  return [file, args];
}
