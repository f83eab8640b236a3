// `lifeboat dump SNAPSHOT|latest FILE`: one file of a snapshot to stdout.
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import type { Command } from "../types";
import { openRepository, printUsage, REPO_OPTIONS, runCommand, UsageError } from "./repo-flags";

const USAGE = `Usage: lifeboat dump --repo R SNAPSHOT|latest FILE

Writes one file of a snapshot to stdout.`;

async function run(argv: string[]): Promise<number> {
  return runCommand("dump", async () => {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: REPO_OPTIONS });
    if (values.help) return printUsage(USAGE);
    const [ref, file] = positionals;
    if (!ref || !file) throw new UsageError("usage: dump SNAPSHOT|latest FILE");
    const { dumpFile, findSnapshot } = await import("@/lib/engine");
    const repo = await openRepository(values);
    await repo.loadIndex();
    const snapshot = await findSnapshot(repo, ref);
    await pipeline(await dumpFile(repo, snapshot, file), process.stdout);
    return 0;
  });
}

const dump: Command = {
  name: "dump",
  summary: "write one file of a snapshot to stdout (SNAPSHOT|latest FILE)",
  run,
};
export default dump;
