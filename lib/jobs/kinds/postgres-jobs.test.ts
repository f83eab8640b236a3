// backup, restore and verify jobs of a PostgreSQL asset against the real server: the restore
// point records row counts and its catalog is the one dump file; a restore into a new database
// returns the backed-up rows after the tables changed; a drill passes with matching row counts.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogEntries, restorePoints } from "@/db/schema";
import { ADMIN_URL, createTestPglite, type TestDatabase } from "@/db/testing";
import { skipWithoutPostgres } from "@/test-support/external";
import { createPostgresAsset, createRepositoryFixture, runKind } from "@/test-support/job-kinds";
import { removeDir, tempDir } from "@/test-support/restic";
import { runBackupJob } from "./backup";
import { runRestoreJob } from "./restore";
import { runVerifyJob } from "./verify";

const skip = await skipWithoutPostgres();
const suffix = randomBytes(4).toString("hex");
const source = `lb_kinds_src_${suffix}`;
const target = `lb_kinds_dst_${suffix}`;
const urlOf = (db: string) => `postgres://postgres@127.0.0.1:5432/${db}`;

async function tableRows(db: string): Promise<Record<string, unknown>> {
  const sql = postgres(urlOf(db), { max: 1, onnotice: () => undefined });
  try {
    return {
      customers: [...(await sql`select * from customers order by id`)],
      orders: [...(await sql`select * from orders order by id`)],
    };
  } finally {
    await sql.end();
  }
}

describe.skipIf(skip)("PostgreSQL jobs", () => {
  let t: TestDatabase;
  let work: string;
  let admin: postgres.Sql;

  beforeAll(async () => {
    admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${source}`);
    const db = postgres(urlOf(source), { max: 1, onnotice: () => undefined });
    await db.unsafe(`
      create table customers (id int primary key, name text not null);
      create table orders (id int primary key, customer int references customers, total numeric(10,2));
      insert into customers select i, 'customer ' || i from generate_series(1, 200) i;
      insert into orders select i, 1 + i % 200, i * 1.5 from generate_series(1, 1000) i;`);
    await db.end();
    t = await createTestPglite();
    work = await tempDir();
    await createRepositoryFixture(t, work);
  });
  afterAll(async () => {
    await t?.destroy();
    if (work) await removeDir(work);
    for (const db of [source, target]) await admin?.unsafe(`drop database if exists ${db} with (force)`);
    await admin?.end();
  });

  it("backs up with row counts, restores into a new database, and verifies", async () => {
    const asset = await createPostgresAsset(t, urlOf(source), source);
    const backedUp = await tableRows(source);
    const run = await runKind(t, runBackupJob, { kind: "backup", assetId: asset.id });
    expect(run.error, run.log.join("\n")).toBeUndefined();
    const [point] = await t.db.select().from(restorePoints).where(eq(restorePoints.assetId, asset.id));
    expect(point.rowCounts).toMatchObject({ "public.customers": 200, "public.orders": 1000 });
    expect(point.sizeBytes, run.log.join("\n")).toBeGreaterThan(0);
    const catalog = await t.db
      .select()
      .from(catalogEntries)
      .where(eq(catalogEntries.restorePointId, point.id));
    expect(catalog.map((c) => c.path)).toEqual([`/${source}.dump`]);
    expect(catalog[0]).toMatchObject({ type: "file", size: point.sizeBytes });

    // The original changes after the backup; the restore brings back the backed-up rows.
    const db = postgres(urlOf(source), { max: 1, onnotice: () => undefined });
    await db`delete from orders where id > 500`;
    await db`update customers set name = 'changed'`;
    await db.end();

    const restored = await runKind(t, runRestoreJob, {
      kind: "restore",
      assetId: asset.id,
      params: { restorePointId: point.id, target },
    });
    expect(restored.error).toBeUndefined();
    expect(restored.result).toMatchObject({ target });
    // The last progress says the one file is done ("1/1 files", not "0/1").
    expect(restored.progress.at(-1)).toMatchObject({ filesDone: 1, filesTotal: 1 });
    expect(await tableRows(target)).toEqual(backedUp);

    const drill = await runKind(t, runVerifyJob, {
      kind: "verify",
      assetId: asset.id,
      params: { restorePointId: point.id },
    });
    expect(drill.error).toBeUndefined();
    const [after] = await t.db.select().from(restorePoints).where(eq(restorePoints.id, point.id));
    expect(after.verifiedStatus).toBe("verified");
  });
});
