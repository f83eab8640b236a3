// `lifeboat ls SNAPSHOT|latest [PATH]`: the files of a snapshot, recursively, like restic ls.
import { parseArgs } from "node:util";
import type { Command } from "../types";
import { openRepository, printUsage, REPO_OPTIONS, runCommand, snapshotJson, UsageError } from "./repo-flags";

const USAGE = `Usage: lifeboat ls --repo R SNAPSHOT|latest [PATH] [--json]

Lists every entry below PATH (default: the whole snapshot); --json prints restic's snapshot line
then one node per line.`;

async function run(argv: string[]): Promise<number> {
  return runCommand("ls", async () => {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: REPO_OPTIONS });
    if (values.help) return printUsage(USAGE);
    const [ref, dir = "/"] = positionals;
    if (!ref) throw new UsageError("usage: ls SNAPSHOT|latest [PATH]");
    const { findSnapshot, unixPermissions, walkSnapshot } = await import("@/lib/engine");
    const repo = await openRepository(values);
    await repo.loadIndex();
    const snapshot = await findSnapshot(repo, ref);
    if (values.json)
      process.stdout.write(`${JSON.stringify({ ...snapshotJson(snapshot), struct_type: "snapshot" })}\n`);
    else
      process.stdout.write(
        `snapshot ${snapshot.id.slice(0, 8)} of [${snapshot.paths.join(" ")}] at ${snapshot.time}:\n`,
      );
    for await (const { path, node } of walkSnapshot(repo, snapshot, dir)) {
      if (!values.json) {
        process.stdout.write(`${path}\n`);
        continue;
      }
      const entry = {
        name: node.name,
        type: node.type,
        path,
        uid: node.uid,
        gid: node.gid,
        ...(node.size !== undefined ? { size: Number(node.size) } : {}),
        mode: node.mode,
        permissions: unixPermissions(node).toString(8),
        mtime: node.mtime,
        atime: node.atime,
        ctime: node.ctime,
        struct_type: "node",
      };
      process.stdout.write(`${JSON.stringify(entry)}\n`);
    }
    return 0;
  });
}

const ls: Command = { name: "ls", summary: "list the files in a snapshot (SNAPSHOT|latest [PATH])", run };
export default ls;
