// One database type for both shapes: embedded PGlite (no DATABASE_URL) or a PostgreSQL server
// through postgres.js. Every query is written once against `Db`.
import { existsSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { lockPgliteFolder } from "./pglite-lock";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** Anything that can run queries: the database or a transaction on it. */
export type Queryable = Pick<Db, "insert" | "select" | "update" | "delete" | "execute">;

export interface DbHandle {
  db: Db;
  /** "pglite" only for the process that owns the embedded folder; its socket's clients see "postgres". */
  driver: "pglite" | "postgres";
  close(): Promise<void>;
  /** The embedded database itself (driver "pglite"), which its owner serves (pglite-socket.ts). */
  pglite?: PGlite;
  /** Reached through the socket of the process that owns the embedded database. */
  viaSocket?: string;
}

export interface OpenDbOptions {
  /** postgres://… ; when absent the embedded PGlite database under dataDir/db is used. */
  databaseUrl?: string;
  /** The embedded database as its owner serves it (db/pglite-socket.ts); already migrated. */
  socketPath?: string;
  dataDir?: string;
  /** PostgreSQL's application_name for the connections (a worker's names its host: db/owner.ts). */
  applicationName?: string;
  /** Applies the committed migrations before returning (default true). */
  migrate?: boolean;
  migrationsFolder?: string;
}

/**
 * The committed migrations, found from this module upwards (source tree, the CLI's compiled
 * cache, or Next's build output all live inside the project), not from the working directory:
 * the CLI runs in the folder the user typed the command in.
 */
export function defaultMigrationsFolder(): string {
  const here = typeof import.meta.dirname === "string" ? import.meta.dirname : process.cwd();
  for (let dir = here; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "db", "migrations");
    if (existsSync(path.join(candidate, "meta", "_journal.json"))) return candidate;
    if (path.dirname(dir) === dir) return path.join(process.cwd(), "db", "migrations");
  }
}

// Any number below 2^31 works; it only has to be the same in every Lifeboat process.
const MIGRATION_LOCK_ID = 7_302_015;

export async function openDb(options: OpenDbOptions): Promise<DbHandle> {
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
  if (options.socketPath) return openSocket(options.socketPath);
  const handle = options.databaseUrl
    ? await openPostgres(
        options.databaseUrl,
        options.migrate !== false,
        migrationsFolder,
        options.applicationName,
      )
    : await openPglite(options.dataDir ?? ".lifeboat", options.migrate !== false, migrationsFolder);
  return handle;
}

async function openPglite(dataDir: string, migrate: boolean, migrationsFolder: string): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  // The catalog's trigram index (migration 0002) needs pg_trgm; PGlite ships it as an extension.
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  const folder = path.resolve(dataDir);
  const release = lockPgliteFolder(folder);
  try {
    const client = new PGlite(path.join(folder, "db"), { extensions: { pg_trgm } });
    const db = drizzle(client, { schema });
    if (migrate) {
      const { migrate: run } = await import("drizzle-orm/pglite/migrator");
      await run(db, { migrationsFolder });
    }
    const close = async () => {
      await client.close();
      release();
    };
    return { db: db as unknown as Db, driver: "pglite", close, pglite: client };
  } catch (error) {
    release();
    throw error;
  }
}

async function openPostgres(
  url: string,
  migrate: boolean,
  migrationsFolder: string,
  applicationName = "lifeboat",
): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  if (migrate) await migratePostgres(url, migrationsFolder);
  const client = postgres(url, {
    max: 10,
    onnotice: () => undefined,
    connection: { application_name: applicationName },
  });
  const db = drizzle(client, { schema });
  return { db: db as unknown as Db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
}

/**
 * The owner's socket: one connection (the owner runs each client's statements in turn), unnamed
 * statements only (every client shares the owner's one backend session, so a named statement
 * of one command would collide with the next command's).
 */
async function openSocket(socketPath: string): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres({ path: socketPath, max: 1, prepare: false, onnotice: () => undefined });
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Db,
    driver: "postgres",
    viaSocket: socketPath,
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * Several web instances may start at once: a session advisory lock lets only one migrate at a
 * time. A single-connection client keeps lock, migration and unlock on the same session.
 */
async function migratePostgres(url: string, migrationsFolder: string): Promise<void> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migrate(drizzle(client, { schema }), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** `db.execute` returns an array on postgres.js and `{ rows }` on PGlite; this reads both. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
