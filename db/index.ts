// The process-wide database: one PGlite instance per process (it does not lock its folder, so
// two would corrupt it), kept on globalThis so Next's dev reloads reuse it.
import { env } from "@/lib/env";
import { type Db, type DbHandle, openDb } from "./client";

const globalKey = Symbol.for("lifeboat.db");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<DbHandle> };

export function getDbHandle(): Promise<DbHandle> {
  const store = globalThis as GlobalWithDb;
  store[globalKey] ??= openDb({ databaseUrl: env().DATABASE_URL, dataDir: env().LIFEBOAT_DATA_DIR }).catch(
    (error) => {
      store[globalKey] = undefined;
      throw error;
    },
  );
  return store[globalKey];
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

export type { Db } from "./client";
