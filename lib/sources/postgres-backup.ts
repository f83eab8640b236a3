// A PostgreSQL database as a source: `pg_dump -Fc` streamed straight into the engine as one
// file, never to a temporary file. Row counts are taken in the very snapshot pg_dump reads (an
// exported snapshot of a REPEATABLE READ transaction), so a drill can compare them exactly.
import { PassThrough, Readable } from "node:stream";
import { backupStream, type Repository } from "@/lib/engine";
import { connect, countRows, libpqEnv, runTool } from "./pg-tools";
import type { PostgresSource, SourceBackupOptions, SourceBackupResult } from "./types";

export function dumpFileName(databaseName: string): string {
  return `${databaseName}.dump`;
}

export async function backupPostgres(
  repo: Repository,
  source: PostgresSource,
  opts: SourceBackupOptions,
): Promise<SourceBackupResult> {
  const sql = connect(source.databaseUrl);
  try {
    return await sql.begin("isolation level repeatable read read only", async (tx) => {
      const [{ snapshot }] = await tx<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`;
      const rowCounts = await countRows(tx);
      opts.log?.(`dumping database ${source.databaseName} (${Object.keys(rowCounts).length} tables)`);
      const dump = runTool(
        "pg_dump",
        ["--format=custom", "--compress=0", `--snapshot=${snapshot}`],
        libpqEnv(source.databaseUrl),
        opts.signal,
      );
      dump.child.stdin?.end();
      // Read pg_dump's output from the start: the engine consumes the stream only once it holds
      // its lock and has loaded the index, and a small dump may be complete by then.
      const output = (dump.child.stdout as Readable).pipe(new PassThrough());
      const result = await backupStream(repo, guardedStream(output, dump.done), {
        filename: dumpFileName(source.databaseName),
        hostname: opts.hostname,
        tags: opts.tags,
        time: opts.time,
        signal: opts.signal,
        onProgress: opts.onProgress,
      }).catch((error: unknown) => {
        // The engine gave up (the repository is locked, a disk is full): nobody reads pg_dump's
        // output any more, and it would wait on a full pipe for ever, holding its connection.
        dump.child.kill("SIGTERM");
        throw error;
      });
      // pg_dump may print warnings and still succeed: they belong in the job's log.
      for (const line of dump.stderr().split("\n").filter(Boolean)) opts.log?.(line);
      opts.log?.(
        `snapshot ${result.snapshotId.slice(0, 8)}: dump of ${result.size} bytes, ${result.dataAdded} bytes new`,
      );
      return {
        snapshotId: result.snapshotId,
        snapshotTime: new Date(result.snapshot.time),
        bytesRead: result.size,
        bytesAdded: result.dataAdded,
        fileCount: 1,
        warnings: [],
        rowCounts,
      };
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * pg_dump's output, ending only once pg_dump has exited: if it fails half-way, the stream
 * errors instead of ending, so the engine never saves a snapshot of a truncated dump.
 */
function guardedStream(stdout: Readable, done: Promise<void>): Readable {
  async function* chunks() {
    for await (const chunk of stdout) yield chunk as Buffer;
    await done;
  }
  return Readable.from(chunks(), { objectMode: false });
}
