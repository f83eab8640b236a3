// The process-wide database: one PGlite instance per process (it does not lock its folder, so
// two would corrupt it), kept on globalThis so Next's dev reloads reuse it.

import os from "node:os";
import { env } from "@/lib/env";
import { type Db, type DbHandle, openDb } from "./client";
import { workerApplicationName } from "./owner";

const globalKey = Symbol.for("lifeboat.db");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<DbHandle> };

export function getDbHandle(): Promise<DbHandle> {
  const store = globalThis as GlobalWithDb;
  // On PostgreSQL a web process that runs the embedded worker says so in its connections, so a
  // CLI's `--wait` can tell that a live worker will take its job (db/owner.ts, liveWorkerHosts).
  const applicationName =
    env().LIFEBOAT_WORKER === "off" ? "lifeboat-web" : workerApplicationName(os.hostname());
  store[globalKey] ??= openDb({
    databaseUrl: env().DATABASE_URL,
    dataDir: env().LIFEBOAT_DATA_DIR,
    applicationName,
  }).catch((error) => {
    store[globalKey] = undefined;
    throw error;
  });
  return store[globalKey];
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

export type { Db } from "./client";
