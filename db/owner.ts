// One owner for the embedded database. The process that opens the folder (the web server, or a
// `lifeboat worker` on embedded defaults) serves it on a socket; every other process (a CLI
// command in a second shell) connects to that socket instead of opening the folder. With no
// owner running, the CLI opens the folder itself, for the length of the command.
import { readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { type Db, type DbHandle, openDb, rowsOf } from "./client";
import {
  type SocketServer,
  servePgliteSocket,
  socketAnswers,
  socketPathFor,
  socketPathUsable,
} from "./pglite-socket";

export interface DatabaseConfig {
  databaseUrl?: string;
  dataDir: string;
  /** Set by processes that run a job worker: on PostgreSQL, others can see that one is live. */
  workerHost?: string;
}

/** The application_name of a worker's connections: `lifeboat-worker@<host>` (PostgreSQL keeps 63 bytes). */
export function workerApplicationName(host: string): string {
  return `lifeboat-worker@${host}`.slice(0, 63);
}

/** How long a command waits for a server that holds the folder but is still starting. */
const STARTING_SERVER_WAIT_MS = 30_000;

/**
 * The configured database for a command: PostgreSQL when DATABASE_URL is set; otherwise the
 * embedded database through its running owner's socket, or opened here when nobody owns it.
 */
export async function openSharedDb(config: DatabaseConfig): Promise<DbHandle> {
  if (config.databaseUrl) {
    const applicationName = config.workerHost ? workerApplicationName(config.workerHost) : undefined;
    return openDb({ databaseUrl: config.databaseUrl, applicationName });
  }
  const socketPath = socketPathFor(config.dataDir);
  if (await socketAnswers(socketPath)) return openDb({ socketPath });
  try {
    return await openDb({ dataDir: config.dataDir });
  } catch (error) {
    // Held by a live process: a server still starting opens its socket once it has migrated.
    if (!/is in use by process/.test((error as Error).message)) throw error;
    const until = Date.now() + STARTING_SERVER_WAIT_MS;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      if (await socketAnswers(socketPath)) return openDb({ socketPath });
    }
    throw error;
  }
}

/** What the owner of the embedded database tells its clients (next to the socket). */
interface OwnerInfo {
  pid: number;
  /** The host its job worker serves, or null when it runs none (LIFEBOAT_WORKER=off). */
  workerHost: string | null;
}

const ownerFile = (socketPath: string) => path.join(path.dirname(socketPath), "owner.json");

/** The owner serves its embedded database to other processes; null when there is nothing to serve. */
export async function serveEmbeddedDb(
  handle: DbHandle,
  dataDir: string,
  /** workerHost: the host its job worker serves (default this machine's name), null for none. */
  options: { workerHost?: string | null; onError?: (error: unknown) => void },
): Promise<SocketServer | null> {
  if (handle.driver !== "pglite" || !handle.pglite) return null;
  const socketPath = socketPathFor(dataDir);
  if (!socketPathUsable(socketPath)) {
    throw new Error(
      `cannot serve the embedded database: the socket path ${socketPath} is longer than 107 bytes; use a shorter LIFEBOAT_DATA_DIR`,
    );
  }
  const server = await servePgliteSocket(handle.pglite, socketPath, options.onError);
  const workerHost = options.workerHost === undefined ? os.hostname() : options.workerHost;
  const info: OwnerInfo = { pid: process.pid, workerHost };
  await writeFile(ownerFile(socketPath), JSON.stringify(info), { mode: 0o600 });
  return {
    path: server.path,
    close: async () => {
      await server.close();
      await rm(ownerFile(socketPath), { force: true });
    },
  };
}

/**
 * The hosts whose job workers are running now, as far as this connection can tell: on
 * PostgreSQL, the workers' connections (application_name); through the embedded database's
 * socket, its owner's worker. Null when this process itself owns the embedded database (no one
 * else can run its jobs: the CLI runs them itself).
 */
export async function liveWorkerHosts(
  handle: Pick<DbHandle, "db" | "driver" | "viaSocket">,
): Promise<string[] | null> {
  if (handle.viaSocket) {
    const info = JSON.parse(
      await readFile(ownerFile(handle.viaSocket), "utf8").catch(() => "{}"),
    ) as Partial<OwnerInfo>;
    return info.workerHost ? [info.workerHost] : [];
  }
  if (handle.driver === "pglite") return null;
  const rows = rowsOf<{ name: string }>(
    await (handle.db as Db).execute(
      sql`select distinct application_name as name from pg_stat_activity where application_name like 'lifeboat-worker@%'`,
    ),
  );
  return rows.map((r) => r.name.slice("lifeboat-worker@".length));
}
