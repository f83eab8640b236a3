// Restoring a PostgreSQL restore point: a new database filled by `pg_restore` straight from the
// engine's stream of the dump. A restore that fails drops the database it created, so nothing
// half-restored is left; overwriting swaps the restored copy in only after it succeeded.
import { randomBytes } from "node:crypto";
import os from "node:os";
import { pipeline } from "node:stream/promises";
import { dumpFile, findNode, type Repository, type Snapshot, whileLocked } from "@/lib/engine";
import { ABANDONED_AFTER_MS, assertDatabaseName, scratchDatabaseName, scratchDatabaseTime } from "./names";
import { connect, countRows, libpqEnv, runTool, type Sql, urlForDatabase } from "./pg-tools";
import { dumpFileName } from "./postgres-backup";
import type { PostgresSource, RestoreOptions, RestoreResult, VerifyOptions, VerifyResult } from "./types";

/**
 * A connection for CREATE and DROP DATABASE: the server's maintenance database, since a database
 * cannot be dropped over a connection to itself (restoring over the source).
 */
async function maintenanceConnection(url: string): Promise<Sql> {
  for (const db of ["postgres", "template1"]) {
    const sql = connect(urlForDatabase(url, db));
    try {
      await sql`select 1`;
      return sql;
    } catch {
      await sql.end({ timeout: 1 });
    }
  }
  return connect(url);
}

async function databaseExists(sql: Sql, name: string): Promise<boolean> {
  const rows = await sql`select 1 from pg_database where datname = ${name}`;
  return rows.length > 0;
}

/**
 * Scratch databases of restores and drills whose worker was killed: unused and older than a day,
 * they are dropped (a running restore has pg_restore connected; a day outlasts any restore).
 */
async function dropAbandoned(admin: Sql, log?: (line: string) => void): Promise<void> {
  const rows = await admin<{ name: string }[]>`
    select d.datname as name from pg_database d
    where d.datname like 'lifeboat_%'
      and not exists (select 1 from pg_stat_activity a where a.datname = d.datname)`;
  for (const { name } of rows) {
    const made = scratchDatabaseTime(name);
    if (!made || Date.now() - made.getTime() < ABANDONED_AFTER_MS) continue;
    log?.(`dropping ${name}, left by a restore or drill that never finished`);
    await admin`drop database if exists ${admin(name)}`.catch(() => undefined);
  }
}

const BROKEN_PIPE = new Set(["EPIPE", "ERR_STREAM_DESTROYED", "ERR_STREAM_PREMATURE_CLOSE"]);

/**
 * Waits for both ends of dump → pg_restore and throws the error that explains the failure: the
 * engine's (a damaged pack) over pg_restore's complaint about a truncated input, but pg_restore's
 * own message over the broken pipe its early exit causes.
 */
async function settle(feeding: Promise<void>, restoring: Promise<void>): Promise<void> {
  const [fed, restored] = await Promise.allSettled([feeding, restoring]);
  const feedError = fed.status === "rejected" ? (fed.reason as NodeJS.ErrnoException) : null;
  if (feedError && !BROKEN_PIPE.has(feedError.code ?? "")) throw feedError;
  if (restored.status === "rejected") throw restored.reason;
  if (feedError) throw feedError;
}

/**
 * The dump's path inside the snapshot: the one file at its root. Taken from the snapshot when it
 * names exactly one path, so a restore point stays restorable after the asset's database is renamed.
 */
function dumpPath(snapshot: Snapshot, source: PostgresSource): string {
  const only = snapshot.paths.length === 1 ? snapshot.paths[0] : undefined;
  return only?.endsWith(".dump") ? only : `/${dumpFileName(source.databaseName)}`;
}

export async function restorePostgres(
  repo: Repository,
  snapshot: Snapshot,
  source: PostgresSource,
  opts: RestoreOptions,
): Promise<RestoreResult> {
  const target = opts.target;
  assertDatabaseName(target);
  const admin = await maintenanceConnection(source.databaseUrl);
  // The restore goes into a database of its own and takes the target's name only once pg_restore
  // succeeded: a damaged restore point never costs the live database (overwrite), and a killed
  // attempt never leaves a half-restored target that its retry would refuse as taken.
  await dropAbandoned(admin, opts.log);
  const into = scratchDatabaseName("restore", new Date(), randomBytes(4).toString("hex"));
  let created = false;
  const refuseTaken = async () => {
    if ((await databaseExists(admin, target)) && !opts.overwrite)
      throw new Error(`the database ${target} already exists; choose another name or overwrite`);
  };
  try {
    await refuseTaken();
    await admin`create database ${admin(into)}`;
    created = true;
    const file = dumpPath(snapshot, source);
    opts.log?.(`restoring ${file} into a new database ${into}, to become ${target}`);
    // Under a repository lock, as restic's restore: a prune cannot remove packs it still reads.
    const bytes = await whileLocked(repo, { exclusive: false, signal: opts.signal }, async (signal) => {
      await repo.loadIndex();
      const total = Number((await findNode(repo, snapshot, file)).size ?? 0);
      const dump = await dumpFile(repo, snapshot, file, signal);
      const tool = runTool(
        "pg_restore",
        // The name alone (host, user and password come from the environment): without --dbname
        // pg_restore would print SQL instead of restoring.
        ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${into}`],
        libpqEnv(source.databaseUrl, into),
        signal,
      );
      let done = 0;
      dump.on("data", (chunk: Buffer) => {
        done += chunk.length;
        opts.onProgress?.({
          bytesDone: done,
          bytesTotal: total,
          filesDone: 0,
          filesTotal: 1,
          currentPath: file,
        });
      });
      await settle(pipeline(dump, tool.child.stdin as NodeJS.WritableStream), tool.done);
      // pg_restore finished: the one file is done (progress shown as "1/1 files", not "0/1").
      opts.onProgress?.({
        bytesDone: done,
        bytesTotal: total,
        filesDone: 1,
        filesTotal: 1,
        currentPath: file,
      });
      return done;
    });
    await refuseTaken();
    if (await databaseExists(admin, target)) {
      opts.log?.(`replacing database ${target} with the restored copy`);
      await admin`drop database ${admin(target)} with (force)`;
    }
    await admin`alter database ${admin(into)} rename to ${admin(target)}`;
    opts.log?.(`database ${target} restored (${bytes} bytes of dump)`);
    return { target, filesRestored: 1, bytesRestored: bytes, warnings: [] };
  } catch (error) {
    if (created) await admin`drop database if exists ${admin(into)} with (force)`.catch(() => undefined);
    throw error;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Restores into a throwaway database and compares its row counts with the recorded ones. */
export async function verifyPostgres(
  repo: Repository,
  snapshot: Snapshot,
  source: PostgresSource,
  opts: VerifyOptions,
): Promise<VerifyResult> {
  const scratch = scratchDatabaseName("drill", new Date(), randomBytes(4).toString("hex"));
  const result: VerifyResult = { ok: true, filesChecked: 0, bytesChecked: 0, problems: [] };
  try {
    const restored = await restorePostgres(repo, snapshot, source, { ...opts, target: scratch });
    result.filesChecked = 1;
    result.bytesChecked = restored.bytesRestored;
  } catch (error) {
    if (opts.signal?.aborted) throw error;
    return { ...result, ok: false, problems: [`restore failed: ${(error as Error).message}`] };
  }
  const sql = connect(urlForDatabase(source.databaseUrl, scratch));
  try {
    const actual = await countRows(sql);
    const expected = opts.expectedRowCounts;
    if (!expected) {
      opts.log?.("drill: no row counts were recorded with this restore point; restore succeeded");
    } else {
      for (const table of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
        if (expected[table] !== actual[table]) {
          result.ok = false;
          result.problems.push(
            `${table}: ${actual[table] ?? "missing"} rows, recorded ${expected[table] ?? "none"}`,
          );
        }
      }
    }
  } finally {
    await sql.end({ timeout: 5 });
    const admin = await maintenanceConnection(source.databaseUrl);
    await admin`drop database if exists ${admin(scratch)} with (force)`.catch(() => undefined);
    await admin.end({ timeout: 5 });
  }
  opts.log?.(
    result.ok
      ? `drill passed on ${os.hostname()}: row counts match`
      : `drill FAILED: ${result.problems.join("; ")}`,
  );
  return result;
}
