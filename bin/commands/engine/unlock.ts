// `lifeboat unlock`: remove stale locks from --repo (--remove-all: every lock), naming each.
import { parseArgs } from "node:util";
import type { Command } from "../types";
import { openRepository, REPO_OPTIONS, runCommand } from "./repo-flags";

async function run(argv: string[]): Promise<number> {
  return runCommand("unlock", async () => {
    const { values } = parseArgs({
      args: argv,
      options: { ...REPO_OPTIONS, "remove-all": { type: "boolean", default: false } },
    });
    const { describeLock, unlock } = await import("@/lib/engine");
    const removed = await unlock(await openRepository(values), { removeAll: values["remove-all"] });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(removed)}\n`);
      return 0;
    }
    for (const l of removed) process.stdout.write(`removed ${describeLock(l)}\n`);
    process.stdout.write(removed.length ? "successfully removed locks\n" : "no stale locks found\n");
    return 0;
  });
}

const unlock: Command = {
  name: "unlock",
  summary: "remove stale locks from --repo (--remove-all: every lock)",
  run,
};
export default unlock;
