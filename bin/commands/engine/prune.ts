// `lifeboat prune`: restic's prune on --repo (exclusive lock; --dry-run shows the plan only).
import { parseArgs } from "node:util";
import type { Command } from "../types";
import { openRepository, REPO_OPTIONS, runCommand, UsageError } from "./repo-flags";

function parseMaxUnused(value: string): number {
  const m = /^(\d+(?:\.\d+)?)%$/.exec(value.trim());
  if (!m) throw new UsageError(`--max-unused: "${value}" is not a percentage such as 5%`);
  const p = Number(m[1]);
  if (p >= 100) throw new UsageError("--max-unused must be below 100%");
  return p;
}

async function run(argv: string[]): Promise<number> {
  return runCommand("prune", async () => {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...REPO_OPTIONS,
        "dry-run": { type: "boolean", short: "n", default: false },
        "max-unused": { type: "string", default: "5%" },
      },
    });
    // Loading the prune code overlaps the key derivation, which runs off the main thread.
    const [{ prune }, repo] = await Promise.all([import("@/lib/engine"), openRepository(values)]);
    const result = await prune(repo, {
      dryRun: values["dry-run"],
      maxUnusedPercent: parseMaxUnused(values["max-unused"]),
      log: values.json ? undefined : (line) => process.stdout.write(`${line}\n`),
    });
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else if (result.dryRun)
      process.stdout.write("\nWould have made the following changes (dry run), nothing was changed\n");
    return 0;
  });
}

const prune: Command = {
  name: "prune",
  summary: "remove data no snapshot needs from --repo (--dry-run, --max-unused 5%)",
  run,
};
export default prune;
