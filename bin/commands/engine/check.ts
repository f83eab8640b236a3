// `lifeboat check`: restic's check on --repo; exit 1 when anything is wrong.
import { parseArgs } from "node:util";
import type { Command } from "../types";
import { openRepository, REPO_OPTIONS, runCommand, UsageError } from "./repo-flags";

async function run(argv: string[]): Promise<number> {
  return runCommand("check", async () => {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...REPO_OPTIONS,
        "read-data": { type: "boolean", default: false },
        "read-data-subset": { type: "string" },
        "no-lock": { type: "boolean", default: false },
      },
    });
    const { check, parseSubset } = await import("@/lib/engine");
    let subset: ReturnType<typeof parseSubset> | undefined;
    try {
      subset = values["read-data-subset"] ? parseSubset(values["read-data-subset"]) : undefined;
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const repo = await openRepository(values);
    const out = (line: string) => process.stdout.write(`${line}\n`);
    const result = await check(repo, {
      readData: values["read-data"],
      readDataSubset: subset,
      noLock: values["no-lock"],
      log: values.json ? undefined : out,
    });
    if (values.json) {
      out(JSON.stringify(result));
    } else {
      for (const e of result.errors) process.stderr.write(`error: ${e.message}\n`);
      if (result.orphanedPacks.length > 0)
        out(
          `${result.orphanedPacks.length} additional files were found in the repo, which likely contain duplicate data.\nThis is non-critical, you can run \`prune\` to correct this.`,
        );
      out(
        result.errors.length === 0
          ? "no errors were found"
          : `Fatal: repository contains errors (${result.errors.length})`,
      );
    }
    return result.errors.length === 0 ? 0 : 1;
  });
}

const check: Command = {
  name: "check",
  summary: "verify --repo's structure; --read-data (or --read-data-subset n/t|x%) reads every blob",
  run,
};
export default check;
