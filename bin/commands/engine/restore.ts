// `lifeboat restore SNAPSHOT|latest --target DIR [--include PATH]...`
import { parseArgs } from "node:util";
import type { Command } from "../types";
import { openRepository, printUsage, REPO_OPTIONS, runCommand, UsageError } from "./repo-flags";

const USAGE = `Usage: lifeboat restore --repo R SNAPSHOT|latest --target DIR [--include PATH]... [--overwrite] [--json]

Restores below DIR, laid out as restic does (DIR + path inside the snapshot). Existing files are
left alone (an error) unless --overwrite is given. Exit code 1 if any entry failed.`;

async function run(argv: string[]): Promise<number> {
  return runCommand("restore", async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...REPO_OPTIONS,
        target: { type: "string", short: "t" },
        include: { type: "string", short: "i", multiple: true },
        overwrite: { type: "boolean", default: false },
      },
    });
    if (values.help) return printUsage(USAGE);
    const [ref] = positionals;
    if (!ref || !values.target)
      throw new UsageError("usage: restore SNAPSHOT|latest --target DIR [--include PATH]...");
    const { findSnapshot, formatSize, prewarmWriteWorkers, restore, whileLocked } = await import(
      "@/lib/engine"
    );
    // Workers load while the key is derived (a local repository's restore writes through them).
    prewarmWriteWorkers();
    const repo = await openRepository(values);
    const snapshot = await findSnapshot(repo, ref);
    if (!values.json)
      process.stdout.write(`restoring snapshot ${snapshot.id.slice(0, 8)} to ${values.target}\n`);
    const started = Date.now();
    // Restoring starts once the lock file is stored, while its re-check runs: restore only reads
    // the repository, and a conflicting lock found then stops it and is reported.
    const summary = await whileLocked(repo, { exclusive: false }, (signal) =>
      restore(repo, snapshot, values.target as string, {
        include: values.include,
        overwrite: values.overwrite,
        signal,
      }),
    );
    for (const e of summary.errors) process.stderr.write(`ignoring error for ${e.path}: ${e.message}\n`);
    const seconds = (Date.now() - started) / 1000;
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ message_type: "summary", files_restored: summary.filesRestored, dirs_restored: summary.dirsRestored, bytes_restored: summary.bytesRestored, errors: summary.errors.length, total_duration: seconds })}\n`,
      );
    } else {
      process.stdout.write(
        `restored ${summary.filesRestored} files, ${formatSize(summary.bytesRestored)} in ${seconds.toFixed(1)}s\n`,
      );
    }
    return summary.errors.length ? 1 : 0;
  });
}

const restoreCommand: Command = {
  name: "restore",
  summary: "restore a snapshot into --target (safe: refuses to overwrite without --overwrite)",
  run,
};
export default restoreCommand;
