import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { skipWithoutPostgres } from "@/test-support/external";
import { openDb, rowsOf } from "./client";
import { createTestPglite, createTestPostgres, type TestDatabase } from "./testing";

const noPostgres = await skipWithoutPostgres();
const journal = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "migrations/meta/_journal.json"), "utf8"),
);
const migrationCount: number = journal.entries.length;

const kinds = [
  { name: "pglite", create: createTestPglite, skip: false },
  { name: "postgres", create: createTestPostgres, skip: noPostgres },
];

async function tableNames(handle: TestDatabase): Promise<string[]> {
  const result = await handle.db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  return rowsOf<{ table_name: string }>(result).map((r) => r.table_name);
}

describe.each(kinds)("migrations on $name", ({ create, skip }) => {
  it.skipIf(skip)("apply to an empty database and are idempotent", async () => {
    const empty = await create({ migrate: false });
    try {
      expect(await tableNames(empty)).toEqual([]);
      await empty.close();
      const location = empty.location;
      // Open twice more with migration: the second run must change nothing and not fail.
      for (let run = 0; run < 2; run++) {
        const handle = await openDb({ ...location, migrate: true });
        const tables = await tableNames({ ...handle, location, destroy: async () => {} });
        expect(tables).toEqual(
          expect.arrayContaining([
            "accounts",
            "assets",
            "audit_events",
            "catalog_entries",
            "chat_messages",
            "chats",
            "jobs",
            "policies",
            "policy_assets",
            "repositories",
            "restore_points",
            "sessions",
            "users",
            "verifications",
          ]),
        );
        const applied = await handle.db.execute(
          sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
        );
        expect(rowsOf<{ n: number }>(applied)[0]?.n).toBe(migrationCount);
        // Both drivers have pg_trgm, so the catalog's substring search gets its trigram index.
        const trigram = await handle.db.execute(
          sql`select indexname from pg_indexes where indexname = 'catalog_entries_path_trgm_idx'`,
        );
        expect(rowsOf(trigram)).toHaveLength(1);
        await handle.close();
      }
    } finally {
      // destroy closes again: reopen-free cleanup tolerant of the already closed handle
      await empty.destroy().catch(() => undefined);
    }
  });
});

describe("embedded database folder", () => {
  it("refuses a second opener while the first holds it, and frees it on close", async () => {
    const first = await createTestPglite();
    try {
      const dataDir = first.location.dataDir as string;
      await expect(openDb({ dataDir })).rejects.toThrow(/is in use by process \d+/);
      await first.close();
      const second = await openDb({ dataDir });
      await second.close();
    } finally {
      await first.destroy().catch(() => undefined);
    }
  });
});

describe("PostgreSQL start-up", () => {
  it.skipIf(noPostgres)("lets several processes migrate the same empty database at once", async () => {
    const empty = await createTestPostgres({ migrate: false });
    try {
      const databaseUrl = empty.location.databaseUrl as string;
      const handles = await Promise.all([1, 2, 3].map(() => openDb({ databaseUrl })));
      const applied = await handles[0]?.db.execute(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      expect(rowsOf<{ n: number }>(applied)[0]?.n).toBe(migrationCount);
      await Promise.all(handles.map((h) => h.close()));
    } finally {
      await empty.destroy();
    }
  });
});
