// The benchmarks run Lifeboat exactly as `npm run lifeboat` does: node with package.json's
// flags and bin/lifeboat.mjs, the launcher that runs the CLI compiled by esbuild into
// node_modules/.cache/lifeboat-cli (see bin/build-cli.mjs). Running it once before measuring
// makes sure the build is fresh, so no timed run includes compiling. `npm run bench -- --tsx`
// measures through tsx instead.
import { spawnSync } from "node:child_process";
import { lifeboatEnv, lifeboatNodeArgs } from "@/test-support/cli";

export { lifeboatEnv };

/** Node's arguments for the CLI, after making sure its build is fresh. Run them with lifeboatEnv(). */
export function cliLauncher(root: string): string[] {
  const args = lifeboatNodeArgs();
  const r = spawnSync(process.execPath, [...args, "help"], {
    cwd: root,
    env: { ...process.env, ...lifeboatEnv(), INIT_CWD: "" },
  });
  if (r.status !== 0) throw new Error(`building the CLI failed: ${r.stderr}`);
  return args;
}
