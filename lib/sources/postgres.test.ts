import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_URL } from "@/db/testing";
import { acquireLock, LocalBackend, listSnapshots, loadSnapshot, Repository } from "@/lib/engine";
import { skipWithoutPostgres } from "@/test-support/external";
import { TEST_KDF, TEST_PASSWORD } from "@/test-support/restic";
import { backupPostgres, defaultDatabaseTarget, restorePostgres, verifyPostgres } from "./index";
import { scratchDatabaseName } from "./names";
import type { PostgresSource } from "./types";

const noPostgres = await skipWithoutPostgres();
const admin = noPostgres ? null : postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
const name = `lb_src_${randomBytes(4).toString("hex")}`;
const url = (db: string) => `postgres://postgres@127.0.0.1:5432/${db}`;
const created: string[] = [];
let work: string;
let repo: Repository;
let source: PostgresSource;

/** One digest per table of every row, so two databases compare table by table. */
async function tableDigests(db: string): Promise<Record<string, string>> {
  const sql = postgres(url(db), { max: 1, onnotice: () => undefined });
  try {
    const out: Record<string, string> = {};
    for (const t of ["customers", "orders", "notes"]) {
      const [row] = await sql.unsafe(
        `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as d from ${t} t`,
      );
      out[t] = row?.d as string;
    }
    return out;
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  if (!admin) return;
  await admin.unsafe(`create database ${name}`);
  created.push(name);
  const sql = postgres(url(name), { max: 1, onnotice: () => undefined });
  await sql.unsafe(`
    create table customers (id serial primary key, email text not null unique, joined timestamptz not null);
    create table orders (id bigserial primary key, customer int references customers(id), total numeric(10,2), items jsonb);
    create table notes (id int primary key, body text);
    insert into customers (email, joined) select 'c' || g || '@example.com', now() - g * interval '1 hour' from generate_series(1, 2000) g;
    insert into orders (customer, total, items) select 1 + g % 2000, (g % 997) / 3.0, jsonb_build_object('sku', g, 'qty', g % 7) from generate_series(1, 30000) g;
    insert into notes select g, repeat(md5(g::text), 20) from generate_series(1, 3000) g;`);
  await sql.end();
  work = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-pgsrc-"));
  repo = await Repository.init(new LocalBackend(path.join(work, "repo")), TEST_PASSWORD, { kdf: TEST_KDF });
  source = { kind: "postgres", databaseUrl: url(name), databaseName: name };
});

afterAll(async () => {
  if (!admin) return;
  for (const db of created) await admin.unsafe(`drop database if exists ${db} with (force)`);
  await admin.end();
  if (work) await fs.rm(work, { recursive: true, force: true });
});

describe.skipIf(noPostgres)("PostgreSQL source", () => {
  it("backs up a dump with row counts, and restores exactly that data into a new database after changes", async () => {
    const before = await tableDigests(name);
    const result = await backupPostgres(repo, source, { hostname: "db-host", tags: ["lifeboat"] });
    expect(result.rowCounts).toEqual({
      "public.customers": 2000,
      "public.notes": 3000,
      "public.orders": 30000,
    });
    expect(result.bytesRead).toBeGreaterThan(1_000_000);
    const snapshot = await loadSnapshot(repo, result.snapshotId);
    expect(snapshot.paths).toEqual([`/${name}.dump`]);

    const sql = postgres(url(name), { max: 1, onnotice: () => undefined });
    await sql.unsafe(
      "delete from orders where id % 3 = 0; update notes set body = 'changed'; insert into customers (email, joined) values ('new@example.com', now())",
    );
    await sql.end();
    expect(await tableDigests(name)).not.toEqual(before);

    const target = defaultDatabaseTarget(name, new Date());
    created.push(target);
    await restorePostgres(repo, snapshot, source, { target });
    expect(await tableDigests(target)).toEqual(before);
    // A taken name is refused without overwrite, and nothing is dropped.
    await expect(restorePostgres(repo, snapshot, source, { target })).rejects.toThrow(/already exists/);
    expect(await tableDigests(target)).toEqual(before);
    // Overwrite (the service allows it to admins only) replaces the live database itself.
    await restorePostgres(repo, snapshot, source, { target: name, overwrite: true });
    expect(await tableDigests(name)).toEqual(before);
  });

  it("a failing pg_dump leaves no snapshot behind", async () => {
    const count = (await listSnapshots(repo)).length;
    // A role that may read the table (so row counts work) but not its sequence: pg_dump fails.
    const db = `lb_fail_${randomBytes(3).toString("hex")}`;
    const role = `lb_dumper_${randomBytes(3).toString("hex")}`;
    await admin?.unsafe(`create database ${db}`);
    created.push(db);
    const sql = postgres(url(db), { max: 1, onnotice: () => undefined });
    await sql.unsafe(`create role ${role} login; create table t (id serial, x int); insert into t (x) values (1);
      grant select on t to ${role}`);
    await sql.end();
    try {
      const limited = `postgres://${role}@127.0.0.1:5432/${db}`;
      await expect(
        backupPostgres(
          repo,
          { kind: "postgres", databaseUrl: limited, databaseName: db },
          { hostname: "h", tags: [] },
        ),
      ).rejects.toThrow(/pg_dump failed.*permission denied/s);
    } finally {
      await admin?.unsafe(`drop database if exists ${db} with (force)`);
      await admin?.unsafe(`drop role if exists ${role}`);
    }
    expect((await listSnapshots(repo)).length).toBe(count);
  });

  it("a drill restores into a scratch database, compares row counts and drops it", async () => {
    const result = await backupPostgres(repo, source, { hostname: "db-host", tags: [] });
    const snapshot = await loadSnapshot(repo, result.snapshotId);
    const good = await verifyPostgres(repo, snapshot, source, { expectedRowCounts: result.rowCounts });
    expect(good).toMatchObject({ ok: true, problems: [] });
    const wrong = await verifyPostgres(repo, snapshot, source, {
      expectedRowCounts: { ...result.rowCounts, "public.orders": 1 },
    });
    expect(wrong.ok).toBe(false);
    expect(wrong.problems.join()).toMatch(/public\.orders: \d+ rows, recorded 1/);
    const left = await admin?.unsafe("select datname from pg_database where datname like 'lifeboat_drill_%'");
    expect(left).toHaveLength(0);
  });

  it("a corrupted pack fails a drill with the reason, leaves no scratch database, and never costs the live database", async () => {
    const dir = path.join(work, "corrupt");
    const own = await Repository.init(new LocalBackend(dir), TEST_PASSWORD, { kdf: TEST_KDF });
    const result = await backupPostgres(own, source, { hostname: "db-host", tags: [] });
    const dataDir = path.join(dir, "data");
    const packs = (await fs.readdir(dataDir, { recursive: true })).filter((p) => /[0-9a-f]{64}$/.test(p));
    const sizes = await Promise.all(packs.map(async (p) => (await fs.stat(path.join(dataDir, p))).size));
    const biggest = path.join(dataDir, packs[sizes.indexOf(Math.max(...sizes))] as string);
    const bytes = await fs.readFile(biggest);
    bytes[1000] = (bytes[1000] as number) ^ 0xff;
    await fs.chmod(biggest, 0o600);
    await fs.writeFile(biggest, bytes);

    const fresh = await Repository.open(new LocalBackend(dir), TEST_PASSWORD);
    const logs: string[] = [];
    const bad = await verifyPostgres(fresh, await loadSnapshot(fresh, result.snapshotId), source, {
      expectedRowCounts: result.rowCounts,
      log: (line) => logs.push(line),
    });
    expect(bad.ok).toBe(false);
    expect(bad.problems.join("\n")).toMatch(
      /restore failed: .*(verification failed|corrupt|MAC|pg_restore)/is,
    );
    const left = await admin?.unsafe("select datname from pg_database where datname like 'lifeboat_drill_%'");
    expect(left).toHaveLength(0);
    expect(logs.join("\n")).not.toContain("postgres://");

    // Restoring that point over the live database fails, and the live database is untouched.
    const live = await tableDigests(name);
    await expect(
      restorePostgres(fresh, await loadSnapshot(fresh, result.snapshotId), source, {
        target: name,
        overwrite: true,
      }),
    ).rejects.toThrow(/ciphertext verification failed|pg_restore/);
    expect(await tableDigests(name)).toEqual(live);
    const temps = await admin?.unsafe(
      "select datname from pg_database where datname like 'lifeboat_restore_%'",
    );
    expect(temps).toHaveLength(0);
  });

  it("cancelling a backup stops pg_dump, throws and saves no snapshot", async () => {
    const count = (await listSnapshots(repo)).length;
    const controller = new AbortController();
    const err = await backupPostgres(repo, source, {
      hostname: "db-host",
      tags: [],
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }).catch((e: Error) => e);
    expect(controller.signal.aborted).toBe(true);
    expect(err).toBeInstanceOf(Error);
    expect((await listSnapshots(repo)).length).toBe(count);
  });

  it("cancelling a restore stops pg_restore, throws and drops the database it created", async () => {
    const result = await backupPostgres(repo, source, { hostname: "db-host", tags: [] });
    const snapshot = await loadSnapshot(repo, result.snapshotId);
    const target = `${name}_cancelled`;
    created.push(target);
    const controller = new AbortController();
    const err = await restorePostgres(repo, snapshot, source, {
      target,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }).catch((e: Error) => e);
    expect(controller.signal.aborted).toBe(true);
    expect(err).toBeInstanceOf(Error);
    const left = await admin?.unsafe(
      "select 1 from pg_database where datname = $1 or datname like 'lifeboat_restore_%'",
      [target],
    );
    expect(left).toHaveLength(0);
  });

  it("a restore drops scratch databases that killed restores left more than a day ago, and only those", async () => {
    const old = scratchDatabaseName("restore", new Date(Date.now() - 25 * 3600_000), "01d01d");
    const recent = scratchDatabaseName("drill", new Date(), "fe5e17");
    for (const db of [old, recent]) {
      await admin?.unsafe(`create database ${db}`);
      created.push(db);
    }
    const result = await backupPostgres(repo, source, { hostname: "db-host", tags: [] });
    const target = `${name}_after_kill`;
    created.push(target);
    const logs: string[] = [];
    await restorePostgres(repo, await loadSnapshot(repo, result.snapshotId), source, {
      target,
      log: (l) => logs.push(l),
    });
    const rows = await admin?.unsafe("select datname from pg_database where datname = any($1)", [
      [old, recent],
    ]);
    expect(rows?.map((r) => r.datname)).toEqual([recent]);
    expect(logs.join("\n")).toContain(`dropping ${old}`);
  });

  it("row counts and the dump come from one snapshot, even when rows are committed in between", async () => {
    const before = await tableDigests(name);
    // Commits rows after the counts are taken and before pg_dump starts (the log line between the
    // two is synchronous, so psql runs exactly there): the dump must not contain them either.
    const result = await backupPostgres(repo, source, {
      hostname: "db-host",
      tags: [],
      log: (line) => {
        if (!line.startsWith("dumping database")) return;
        const psql = spawnSync("psql", [
          "-h",
          "127.0.0.1",
          "-U",
          "postgres",
          "-d",
          name,
          "-c",
          "insert into notes select g, 'late' from generate_series(100001, 100500) g",
        ]);
        if (psql.status !== 0) throw new Error(psql.stderr.toString());
      },
    });
    expect(result.rowCounts?.["public.notes"]).toBe(3000);
    const target = `${name}_one_snapshot`;
    created.push(target);
    await restorePostgres(repo, await loadSnapshot(repo, result.snapshotId), source, { target });
    expect(await tableDigests(target)).toEqual(before);
    const drill = await verifyPostgres(repo, await loadSnapshot(repo, result.snapshotId), source, {
      expectedRowCounts: result.rowCounts,
    });
    expect(drill).toMatchObject({ ok: true, problems: [] });
    const sql = postgres(url(name), { max: 1, onnotice: () => undefined });
    await sql.unsafe("delete from notes where id > 100000");
    await sql.end();
  });

  it("a backup the engine refuses (the repository is locked) fails with the reason and leaves no pg_dump behind", async () => {
    const lock = await acquireLock(repo, { exclusive: true });
    try {
      await expect(backupPostgres(repo, source, { hostname: "db-host", tags: [] })).rejects.toThrow(/lock/i);
    } finally {
      await lock.release();
    }
    const dumping = async () =>
      (await admin?.unsafe(
        "select 1 from pg_stat_activity where datname = $1 and application_name = 'pg_dump'",
        [name],
      )) ?? [];
    for (let i = 0; i < 50 && (await dumping()).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await dumping()).toHaveLength(0);
  });

  it("a role that is not a superuser (read grants, CREATEDB) backs up, restores and drills", async () => {
    const role = `lb_backup_${randomBytes(3).toString("hex")}`;
    const target = `${name}_by_role`;
    await admin?.unsafe(`create role ${role} login createdb`);
    const sql = postgres(url(name), { max: 1, onnotice: () => undefined });
    await sql.unsafe(`grant select on all tables in schema public to ${role};
      grant select on all sequences in schema public to ${role}`);
    await sql.end();
    try {
      const limited: PostgresSource = {
        kind: "postgres",
        databaseUrl: `postgres://${role}@127.0.0.1:5432/${name}`,
        databaseName: name,
      };
      const result = await backupPostgres(repo, limited, { hostname: "db-host", tags: [] });
      const snapshot = await loadSnapshot(repo, result.snapshotId);
      await restorePostgres(repo, snapshot, limited, { target });
      expect(await tableDigests(target)).toEqual(await tableDigests(name));
      const drill = await verifyPostgres(repo, snapshot, limited, { expectedRowCounts: result.rowCounts });
      expect(drill).toMatchObject({ ok: true, problems: [] });
    } finally {
      await admin?.unsafe(`drop database if exists ${target} with (force)`);
      // Its grants live in the source database: they go there before the role can.
      const owner = postgres(url(name), { max: 1, onnotice: () => undefined });
      await owner.unsafe(`drop owned by ${role}`);
      await owner.end();
      await admin?.unsafe(`drop role if exists ${role}`);
    }
  });
});
