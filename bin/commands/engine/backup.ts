// `lifeboat backup`: files and folders, or one stream from stdin, into a repository, with
// restic's flags, JSON messages and exit codes (0 done, 1 failed, 3 some files unreadable).
import { parseArgs } from "node:util";
import type { BackupSummary } from "@/lib/engine";
import type { Command } from "../types";
import { openRepository, printUsage, REPO_OPTIONS, runCommand, UsageError } from "./repo-flags";

const USAGE = `Usage: lifeboat backup [flags] PATH...
       lifeboat backup [flags] --stdin --stdin-filename NAME < data

  -r, --repo R             repository (or RESTIC_REPOSITORY)
  -p, --password-file F    password file (or LIFEBOAT_PASSWORD / RESTIC_PASSWORD)
      --json               restic's JSON messages: status lines, then a summary
      --tag T              add a tag (repeatable, or comma-separated)
      --host H             hostname to record (default: this host's)
      --time "YYYY-MM-DD HH:MM:SS"   snapshot time (local time)
      --compression M      auto (default), off or max
      --parent ID          compare against this snapshot instead of the latest with the same host and paths
      --force              read every file again (no parent snapshot)
  -e, --exclude PATTERN    skip matching paths (.gitignore syntax, repeatable)
      --stdin              back up standard input as one file named by --stdin-filename

Exit codes: 0 done, 1 failed, 3 snapshot saved but some files could not be read.`;

function parseTime(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new UsageError(`--time must look like "2006-01-02 15:04:05", got "${text}"`);
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return new Date(y, mo - 1, d, h, mi, s); // local time, as restic reads it
}

function summaryJson(s: BackupSummary, seconds: number) {
  return {
    message_type: "summary",
    files_new: s.filesNew,
    files_changed: s.filesChanged,
    files_unmodified: s.filesUnmodified,
    dirs_new: s.dirsNew,
    dirs_changed: s.dirsChanged,
    dirs_unmodified: s.dirsUnmodified,
    data_blobs: s.dataBlobs,
    tree_blobs: s.treeBlobs,
    data_added: s.dataAdded,
    data_added_packed: s.dataAddedPacked,
    total_files_processed: s.totalFilesProcessed,
    total_bytes_processed: s.totalBytesProcessed,
    total_duration: seconds,
    snapshot_id: s.snapshotId,
  };
}

/** The summary restic prints, for a folder backup and a --stdin backup alike. */
function textSummary(s: ReturnType<typeof summaryJson>, formatBytes: (n: number) => string): string {
  return (
    `Files:       ${s.files_new} new, ${s.files_changed} changed, ${s.files_unmodified} unmodified\n` +
    `Dirs:        ${s.dirs_new} new, ${s.dirs_changed} changed, ${s.dirs_unmodified} unmodified\n` +
    `Added to the repository: ${formatBytes(s.data_added)} (${formatBytes(s.data_added_packed)} stored)\n\n` +
    `processed ${s.total_files_processed} files, ${formatBytes(s.total_bytes_processed)} in ${s.total_duration.toFixed(1)}s\n` +
    `snapshot ${s.snapshot_id.slice(0, 8)} saved\n`
  );
}

async function run(argv: string[]): Promise<number> {
  return runCommand("backup", async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...REPO_OPTIONS,
        tag: { type: "string", multiple: true },
        host: { type: "string" },
        time: { type: "string" },
        compression: { type: "string", default: "auto" },
        parent: { type: "string" },
        force: { type: "boolean", default: false },
        stdin: { type: "boolean", default: false },
        "stdin-filename": { type: "string", default: "stdin" },
        exclude: { type: "string", short: "e", multiple: true },
        workers: { type: "string" },
      },
    });
    if (values.help) return printUsage(USAGE);
    const compression = values.compression;
    if (compression !== "auto" && compression !== "off" && compression !== "max") {
      throw new UsageError(`--compression must be auto, off or max, got "${compression}"`);
    }
    if (!values.stdin && positionals.length === 0)
      throw new UsageError("nothing to back up: give one or more paths, or --stdin");
    const tags = values.tag?.flatMap((t) => t.split(",")).filter(Boolean);
    const time = parseTime(values.time);
    if (!values.stdin) {
      // Start the file workers while the password is turned into a key (both take ~0.5 s).
      const { prewarmFileWorkers } = await import("@/lib/engine");
      prewarmFileWorkers(values.workers ? Number(values.workers) : undefined);
    }
    const repo = await openRepository(values);
    repo.compression = compression;
    const started = Date.now();
    const json = values.json;

    if (values.stdin) {
      const { backupStream, formatSize } = await import("@/lib/engine");
      const r = await backupStream(repo, process.stdin, {
        filename: values["stdin-filename"],
        hostname: values.host,
        tags,
        time,
      });
      const seconds = (Date.now() - started) / 1000;
      const summary = {
        message_type: "summary",
        files_new: 1,
        files_changed: 0,
        files_unmodified: 0,
        dirs_new: 0,
        dirs_changed: 0,
        dirs_unmodified: 0,
        data_blobs: r.dataBlobs,
        tree_blobs: r.treeBlobs,
        data_added: r.dataAdded,
        data_added_packed: r.dataAddedPacked,
        total_files_processed: 1,
        total_bytes_processed: r.size,
        total_duration: seconds,
        snapshot_id: r.snapshotId,
      };
      process.stdout.write(json ? `${JSON.stringify(summary)}\n` : textSummary(summary, formatSize));
      return 0;
    }

    const { backup, excludeMatcher, findSnapshot, formatSize: formatBytes } = await import("@/lib/engine");
    // No index needed to find the parent: backup() reads it while its lock settles.
    const parent = values.force ? null : values.parent ? await findSnapshot(repo, values.parent) : undefined;
    const summary = await backup(repo, positionals, {
      hostname: values.host,
      tags,
      time,
      parent,
      exclude: values.exclude?.length ? excludeMatcher(values.exclude) : undefined,
      excludes: values.exclude,
      workers: values.workers ? Number(values.workers) : undefined,
      onProgress: json
        ? (p) =>
            process.stdout.write(
              `${JSON.stringify({
                message_type: "status",
                percent_done: p.bytesTotal ? Math.min(1, p.bytesDone / p.bytesTotal) : 0,
                total_files: p.filesTotal,
                files_done: p.filesDone,
                total_bytes: p.bytesTotal,
                bytes_done: p.bytesDone,
                current_files: p.currentPath ? [p.currentPath] : [],
              })}\n`,
            )
        : undefined,
    });
    // Errors go to stderr in both modes, as restic's do: stdout stays one JSON document per line.
    for (const e of summary.errors) {
      if (json)
        process.stderr.write(
          `${JSON.stringify({ message_type: "error", error: { message: e.message }, during: "archival", item: e.path })}\n`,
        );
      else process.stderr.write(`error: ${e.path}: ${e.message}\n`);
    }
    const seconds = (Date.now() - started) / 1000;
    const counts = summaryJson(summary, seconds);
    process.stdout.write(json ? `${JSON.stringify(counts)}\n` : textSummary(counts, formatBytes));
    // restic's exit code 3: the snapshot was made, but some files could not be read.
    if (summary.errors.length === 0) return 0;
    process.stderr.write("Warning: at least one source file could not be read\n");
    return 3;
  });
}

const backupCommand: Command = {
  name: "backup",
  summary: "back up files and folders, or --stdin, into --repo",
  run,
};
export default backupCommand;
