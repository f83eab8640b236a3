// `lifeboat forget`: restic's forget on a repository given by --repo (a path or an s3: URL).
import fs from "node:fs/promises";
import type { Command } from "../types";
import { parseForgetArgs } from "./forget-args";
import { backendFor, openOptions, readPassword, repoUrl, runCommand } from "./repo-flags";

async function run(argv: string[]): Promise<number> {
  return runCommand("forget", async () => {
    const args = await parseForgetArgs(argv);
    const url = repoUrl(args.repo);
    const { Repository, forgetSnapshots, forgetGroupsJson, describePolicy, prune } = await import(
      "@/lib/engine"
    );
    const { formatForgetText } = await import("./forget-text");
    const backend = await backendFor(url, args.caCertFile ? await fs.readFile(args.caCertFile) : undefined);
    try {
      const repo = await Repository.open(backend, await readPassword(args.passwordFile), openOptions());
      const result = await forgetSnapshots(repo, args.rules, {
        dryRun: args.dryRun,
        groupBy: args.groupBy,
        selection: args.selection,
        snapshots: args.snapshots,
      });
      for (const i of result.ignored) process.stderr.write(`Ignoring "${i.ref}": ${i.reason}\n`);
      if (args.json) {
        // restic prints nothing at all for an empty policy or for snapshots named outright.
        if (!result.policyEmpty && !args.snapshots.length)
          process.stdout.write(`${JSON.stringify(forgetGroupsJson(result.groups))}\n`);
      } else if (args.snapshots.length) {
        for (const id of result.removed)
          process.stdout.write(`${args.dryRun ? "would remove" : "removed"} snapshot ${id.slice(0, 8)}\n`);
      } else if (result.policyEmpty) {
        process.stdout.write("no policy was specified, no snapshots will be removed\n");
      } else {
        process.stdout.write(
          `Applying Policy: ${describePolicy(args.rules)}\n${formatForgetText(result.groups)}`,
        );
        const n = result.removed.length;
        if (n)
          process.stdout.write(
            args.dryRun ? `would have removed ${n} snapshots\n` : `removed ${n} snapshots\n`,
          );
      }
      // After the groups, as restic prints them; only when snapshots were removed.
      if (args.prune && result.removed.length > 0) {
        const log = args.json ? undefined : (line: string) => process.stdout.write(`${line}\n`);
        log?.(`${result.removed.length} snapshots have been removed, running prune`);
        await prune(repo, { dryRun: args.dryRun, log });
      }
      return 0;
    } finally {
      (backend as { close?: () => void }).close?.();
    }
  });
}

const forget: Command = {
  name: "forget",
  summary: "remove snapshots by a retention policy (restic's keep rules); --dry-run to preview",
  run,
};
export default forget;
export const { name, summary } = forget;
export { run };
