// Seeding for `npm run bench:ui`: a real repository (made once by the engine's own backup and kept
// in the temp folder for the next run, since its contents never change) and a database filled in
// bulk with generate_series, so 100,000 restore points and 5,000,000 catalog rows take minutes,
// not hours.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assets, repositories, restorePoints } from "@/db/schema";
import { backup, LocalBackend, Repository } from "@/lib/engine";
import type { SecretBox } from "@/lib/secrets";

export interface Sizes {
  points: number;
  catalogRows: number;
  /** Entries of the one large folder. */
  bigFolder: number;
  /** Files in each of the two snapshots (the large folder included). */
  files: number;
}

export const FULL: Sizes = { points: 100_000, catalogRows: 5_000_000, bigFolder: 20_000, files: 50_000 };
export const QUICK: Sizes = { points: 10_000, catalogRows: 200_000, bigFolder: 2_000, files: 5_000 };

export interface BenchRepository {
  dir: string;
  password: string;
  /** The folder that was backed up (the snapshots' only path). */
  root: string;
  snapshots: [{ id: string; time: string }, { id: string; time: string }];
  /** What the second snapshot changed, for the report. */
  changed: { modified: number; added: number; removed: number };
}

const FOLDER_FILES = 1000;

/**
 * Two snapshots of `files` small files: a folder `big` of `bigFolder` entries and folders of
 * 1,000 files beside it. The second changes 10 files in each of 10 folders and adds and removes
 * 50 entries of `big`, so "what changed" must open `big` (20,000 entries on each side) and ten
 * folders, and skip the rest by their equal subtree IDs.
 */
export async function benchRepository(sizes: Sizes): Promise<BenchRepository> {
  const base = path.join(os.tmpdir(), `lifeboat-bench-ui-${sizes.files}-${sizes.bigFolder}`);
  const manifest = path.join(base, "manifest.json");
  const existing = await fs.readFile(manifest, "utf8").catch(() => null);
  if (existing) return JSON.parse(existing) as BenchRepository;
  await fs.rm(base, { recursive: true, force: true });
  const root = path.join(base, "files");
  const dir = path.join(base, "repo");
  const password = randomBytes(16).toString("hex");
  const started = performance.now();
  const big = path.join(root, "big");
  await fs.mkdir(big, { recursive: true });
  for (let i = 0; i < sizes.bigFolder; i++)
    await fs.writeFile(path.join(big, `entry-${String(i).padStart(6, "0")}.txt`), `big ${i}\n`);
  const rest = sizes.files - sizes.bigFolder;
  const folders = Math.ceil(rest / FOLDER_FILES);
  const folder = (f: number) => path.join(root, `folder-${String(f).padStart(3, "0")}`);
  for (let i = 0; i < rest; i++) {
    const f = Math.floor(i / FOLDER_FILES);
    if (i % FOLDER_FILES === 0) await fs.mkdir(folder(f), { recursive: true });
    await fs.writeFile(path.join(folder(f), `file-${i}.txt`), `file ${i}\n`);
  }
  // restic's default key derivation (calibrated), as a repository made by Lifeboat has: opening
  // it costs what it costs a user.
  const repo = await Repository.init(new LocalBackend(dir), password);
  const first = await backup(repo, [root], { time: new Date(Date.now() - 3_600_000) });
  const changed = { modified: 0, added: 0, removed: 0 };
  for (let f = 0; f < Math.min(10, folders); f++) {
    for (let k = 0; k < 10; k++) {
      const i = f * FOLDER_FILES + k * 7;
      if (i >= rest) break;
      await fs.writeFile(path.join(folder(f), `file-${i}.txt`), `file ${i}, changed\n`);
      changed.modified++;
    }
  }
  for (let k = 0; k < 50; k++) {
    await fs.rm(path.join(big, `entry-${String(k * 3).padStart(6, "0")}.txt`));
    await fs.writeFile(path.join(big, `new-${k}.txt`), `new ${k}\n`);
    changed.removed++;
    changed.added++;
  }
  const parent = { ...first.snapshot, id: first.snapshotId };
  const second = await backup(repo, [root], { parent });
  const result: BenchRepository = {
    dir,
    password,
    root,
    snapshots: [
      { id: first.snapshotId, time: first.snapshot.time },
      { id: second.snapshotId, time: second.snapshot.time },
    ],
    changed,
  };
  await fs.writeFile(manifest, JSON.stringify(result));
  console.error(
    `  repository: ${sizes.files} files, 2 snapshots, made in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return result;
}

export interface Seeded {
  /** The two real restore points (older, newer) of the repository's snapshots. */
  older: string;
  newer: string;
  /** The cursor of the restore-points list half way down (a deep page). */
  deepCursor: string;
  /** A name part that matches every version of one file (points / 10,000 of them per asset). */
  searchFor: string;
}

const ASSETS = 20;
/** Distinct file names per asset, each seen in many restore points (versions). */
const NAMES_PER_ASSET = 500;

export async function seedDatabase(
  db: Db,
  sizes: Sizes,
  repo: BenchRepository,
  secrets: SecretBox,
  log: (line: string) => void,
): Promise<Seeded> {
  const timed = async (what: string, run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    log(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  const [row] = await db
    .insert(repositories)
    .values({
      name: "bench",
      url: repo.dir,
      passwordEncrypted: secrets.encrypt(repo.password),
      isDefault: true,
    })
    .returning();
  if (!row) throw new Error("no repository row");
  const repositoryId = row.id;
  await db.execute(
    sql.raw(
      `insert into assets (kind, name, path) select 'directory', 'bench-' || a, '/srv/bench-' || a from generate_series(0, ${ASSETS - 1}) a`,
    ),
  );
  const synthetic = sizes.points - 2;
  await timed(`${synthetic} restore points`, () =>
    db.execute(
      sql.raw(`
        insert into restore_points
          (asset_id, repository_id, snapshot_id, time, size_bytes, file_count, bytes_added, verified_status, verified_at)
        select x.id, '${repositoryId}', encode(sha256(('bench ' || i)::bytea), 'hex'),
               timestamptz '2026-11-30T00:00:00Z' - make_interval(mins => i),
               1000000 + i * 17 % 100000, ${Math.round(sizes.catalogRows / sizes.points)}, i * 7 % 10000,
               case when i % 3 = 0 then 'verified' else 'unverified' end,
               case when i % 3 = 0 then timestamptz '2026-11-30T00:00:00Z' - make_interval(mins => i - 5) end
        from generate_series(1, ${synthetic}) i
        join (select id, substring(name from 7)::int a from assets where name like 'bench-%') x
          on x.a = i % ${ASSETS}`),
    ),
  );
  // Bulk load without the catalog's indexes (and foreign-key triggers), then build them once:
  // several times faster than maintaining them row by row.
  await db.execute(sql.raw("drop index if exists catalog_entries_point_path_idx"));
  await db.execute(sql.raw("drop index if exists catalog_entries_lower_path_idx"));
  await db.execute(sql.raw("drop index if exists catalog_entries_path_trgm_idx"));
  const perPoint = Math.max(1, Math.round(sizes.catalogRows / synthetic));
  const slices = 10;
  await timed(`${sizes.catalogRows} catalog rows`, async () => {
    await db.execute(sql.raw("set session_replication_role = replica"));
    await db.execute(
      sql.raw(`create temporary table bench_points as
        select p.id, p.time, substring(a.name from 7)::int a, row_number() over (order by p.time desc) n
        from restore_points p join assets a on a.id = p.asset_id where a.name like 'bench-%'`),
    );
    for (let s = 0; s < slices; s++) {
      const from = Math.floor((synthetic * s) / slices) + 1;
      const to = Math.floor((synthetic * (s + 1)) / slices);
      await db.execute(
        sql.raw(`
          insert into catalog_entries (restore_point_id, path, type, size, mtime)
          select p.id,
                 '/srv/bench-' || p.a || '/d' || (j % 5) || '/report-' ||
                   (p.a * ${NAMES_PER_ASSET} + (p.n / ${ASSETS}) % ${NAMES_PER_ASSET / 50} * 50 + j % 50) || '.txt',
                 'file', 1000 + j * 13, p.time
          from bench_points p cross join generate_series(0, ${perPoint - 1}) j
          where p.n between ${from} and ${to}`),
      );
      log(`    catalog slice ${s + 1}/${slices}`);
    }
    await db.execute(sql.raw("drop table bench_points"));
    // The trigger that fills catalog_paths is off with the foreign keys (replica role).
    await db.execute(
      sql.raw(
        "insert into catalog_paths (path) select distinct path from catalog_entries on conflict do nothing",
      ),
    );
    await db.execute(sql.raw("set session_replication_role = origin"));
  });
  await timed("catalog indexes", async () => {
    await db.execute(
      sql.raw(
        "create index catalog_entries_point_path_idx on catalog_entries using btree (restore_point_id, path)",
      ),
    );
    await db.execute(
      sql.raw(
        "create index catalog_entries_lower_path_idx on catalog_entries using btree (lower(path) text_pattern_ops)",
      ),
    );
    await db
      .execute(
        sql.raw(
          "create index catalog_entries_path_trgm_idx on catalog_entries using gin (lower(path) gin_trgm_ops)",
        ),
      )
      .catch((error) => log(`  no trigram index: ${(error as Error).message}`));
    await db
      .execute(
        sql.raw("create index catalog_paths_trgm_idx on catalog_paths using gin (lower(path) gin_trgm_ops)"),
      )
      .catch((error) => log(`  no trigram index on paths: ${(error as Error).message}`));
  });
  const [files] = await db
    .insert(assets)
    .values({ kind: "directory", name: "bench-files", path: repo.root })
    .returning();
  if (!files) throw new Error("no asset row");
  const real = await db
    .insert(restorePoints)
    .values(
      repo.snapshots.map((s) => ({
        assetId: files.id,
        repositoryId,
        snapshotId: s.id,
        time: new Date(s.time),
        fileCount: sizes.files,
      })),
    )
    .returning();
  await timed("analyze", () => db.execute(sql.raw("analyze")));
  const deep = await db.execute<{ time: string; id: string }>(
    sql.raw(
      `select time, id from restore_points order by time desc, id desc offset ${Math.floor(sizes.points / 2)} limit 1`,
    ),
  );
  const deepRow =
    (deep as unknown as { rows?: { time: string; id: string }[] }).rows?.[0] ??
    (deep as unknown as { time: string; id: string }[])[0];
  if (!deepRow || !real[0] || !real[1]) throw new Error("seeding left no rows");
  return {
    older: real[0].id,
    newer: real[1].id,
    deepCursor: `${new Date(deepRow.time).toISOString()}_${deepRow.id}`,
    searchFor: `report-${4 * NAMES_PER_ASSET + 242}.`,
  };
}
