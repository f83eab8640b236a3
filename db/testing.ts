// Throwaway databases for tests: the same test runs on embedded PGlite (a temp folder) and on a
// real PostgreSQL server (a database created here and dropped afterwards).
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type DbHandle, openDb } from "./client";

export const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase extends DbHandle {
  /** PGlite data dir or the postgres URL, for tests that open a second connection. */
  location: { dataDir?: string; databaseUrl?: string };
  destroy(): Promise<void>;
}

export async function createTestPglite(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-test-"));
  const handle = await openDb({ dataDir, migrate: options.migrate });
  return {
    ...handle,
    location: { dataDir },
    destroy: async () => {
      // Tests may have closed it already; the folder goes either way.
      await handle.close().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createTestPostgres(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const { default: postgres } = await import("postgres");
  const name = `lifeboat_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/${name}`;
  const handle = await openDb({ databaseUrl, migrate: options.migrate });
  return {
    ...handle,
    location: { databaseUrl },
    destroy: async () => {
      await handle.close().catch(() => undefined);
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export const testDatabaseKinds = [
  { name: "pglite", create: createTestPglite },
  { name: "postgres", create: createTestPostgres },
] as const;
