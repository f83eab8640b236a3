// Talking to a PostgreSQL source: the libpq environment for pg_dump / pg_restore (the URL never
// appears on a command line, where `ps` would show its password), a postgres.js client, exact
// row counts, and running a libpq tool with its stderr kept for the error message.
import { spawn } from "node:child_process";
import os from "node:os";
import postgres from "postgres";

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;

/** libpq environment variables equivalent to a postgres:// URL, optionally for another database. */
export function libpqEnv(url: string, database?: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = {
    PGHOST: decodeURIComponent(u.hostname) || "localhost",
    PGPORT: u.port || "5432",
    PGDATABASE: database ?? decodeURIComponent(u.pathname.replace(/^\//, "")),
  };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const params: Record<string, string> = {
    sslmode: "PGSSLMODE",
    sslrootcert: "PGSSLROOTCERT",
    host: "PGHOST",
  };
  for (const [key, value] of u.searchParams) if (params[key]) env[params[key]] = value;
  return env;
}

/** The same server, another database (for CREATE/DROP DATABASE and restores). */
export function urlForDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/**
 * Options that make postgres.js use the URL alone: where the URL leaves out the password, user or
 * host, postgres.js would fall back to this process's PGPASSWORD, PGUSER and PGHOST, which belong
 * to Lifeboat's own database, not the asset's.
 */
export function urlOnly(url: string) {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  return {
    password: () => password,
    user: decodeURIComponent(u.username) || os.userInfo().username,
    ...(u.hostname || u.searchParams.has("host") ? {} : { host: "localhost" }),
  };
}

export function connect(url: string, connectTimeoutSeconds = 10): Sql {
  return postgres(url, {
    max: 1,
    connect_timeout: connectTimeoutSeconds,
    onnotice: () => undefined,
    ...urlOnly(url),
  });
}

/** Exact row count of every ordinary table, as "schema.table". */
export async function countRows(sql: Sql | TransactionSql): Promise<Record<string, number>> {
  const tables = await sql<{ schema: string; name: string }[]>`
    select n.nspname as schema, c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'
    order by 1, 2`;
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const [row] = await sql<
      { n: string }[]
    >`select count(*)::bigint as n from ${sql(t.schema)}.${sql(t.name)}`;
    counts[`${t.schema}.${t.name}`] = Number(row?.n ?? 0);
  }
  return counts;
}

/**
 * The environment of a libpq tool: this process's, without anything that would point it at
 * another server or hand it another server's password (a worker's own PGPASSWORD must never
 * reach an asset's host when the asset's URL has none), nor Lifeboat's own secrets.
 */
export function toolEnvironment(connection: Record<string, string>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^PG/.test(key) && key !== "PGPASSFILE") continue;
    if (key === "DATABASE_URL" || key.startsWith("LIFEBOAT_")) continue;
    env[key] = value;
  }
  return { ...env, ...connection };
}

export interface ToolRun {
  child: ReturnType<typeof spawn>;
  /** Resolves when the tool exits; rejects with its stderr when it fails. */
  done: Promise<void>;
  /** What the tool printed on stderr so far (warnings of a run that succeeded). */
  stderr: () => string;
}

/** Starts pg_dump or pg_restore; the connection comes from `env` (see libpqEnv). */
export function runTool(
  program: string,
  args: string[],
  env: Record<string, string>,
  signal?: AbortSignal,
): ToolRun {
  const child = spawn(program, args, {
    env: toolEnvironment(env) as NodeJS.ProcessEnv,
    stdio: ["pipe", "pipe", "pipe"],
    signal,
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    if (stderr.length < 16_384) stderr += d.toString("utf8");
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once("error", (err) =>
      reject(
        (err as NodeJS.ErrnoException).code === "ENOENT"
          ? new Error(`${program} is not installed on this host (apt-get install postgresql-client)`)
          : err,
      ),
    );
    child.once("close", (code, sig) => {
      if (code === 0) resolve();
      else
        reject(new Error(`${program} failed (${sig ?? `exit ${code}`}): ${stderr.trim() || "no message"}`));
    });
  });
  done.catch(() => undefined);
  return { child, done, stderr: () => stderr.trim() };
}
