// Catalog insert rate: how many catalog rows per second the backup job writes, on embedded PGlite
// and on PostgreSQL (127.0.0.1:5432, user postgres, when reachable), with the job's batch size.
// Two figures per database: "insert" (rows already in memory, the database's share) and
// "snapshot" (walking a real snapshot of N small files and inserting, what a backup job pays).
//
//   npx tsx scripts/catalog-rate.ts [files=20000] [batch=1000]
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { count, eq, sql } from "drizzle-orm";
import { insertRestorePoint } from "@/db/records/restore-points";
import { assets, catalogEntries, repositories } from "@/db/schema";
import { createTestPglite, createTestPostgres, type TestDatabase } from "@/db/testing";
import { backup, LocalBackend, loadSnapshot, Repository } from "@/lib/engine";
import { type CatalogRow, catalogSnapshot, insertCatalogRows } from "@/lib/jobs/catalog";

const files = Number(process.argv[2] ?? 20_000);
const batch = Number(process.argv[3] ?? 1000);
const KDF = { N: 1024, r: 8, p: 1 };

function postgresUp(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port: 5432 });
    s.once("connect", () => {
      s.end();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

function* syntheticRows(n: number): Generator<CatalogRow> {
  const mtime = new Date();
  for (let i = 0; i < n; i++) {
    yield { path: `/srv/data/d${i % 100}/f${i}.txt`, type: "file", size: 100 + i, mtime };
  }
}

async function newPoint(t: TestDatabase, snapshotId: string) {
  const [repo] = await t.db
    .insert(repositories)
    .values({ name: `r-${snapshotId}`, url: "/nowhere", passwordEncrypted: "x" })
    .returning();
  const [asset] = await t.db
    .insert(assets)
    .values({ kind: "directory", name: `a-${snapshotId}`, path: "/srv/data" })
    .returning();
  return insertRestorePoint(t.db, {
    assetId: asset.id,
    repositoryId: repo.id,
    snapshotId,
    time: new Date(),
    sizeBytes: 0,
    fileCount: files,
    bytesAdded: 0,
    warnings: [],
    jobId: null,
  });
}

async function measure(name: string, t: TestDatabase, repo: Repository, snapshotId: string) {
  try {
    const p1 = await newPoint(t, "synthetic");
    let start = performance.now();
    const n1 = await insertCatalogRows(t.db, p1.id, syntheticRows(files), { batch });
    const insertS = (performance.now() - start) / 1000;

    const p2 = await newPoint(t, snapshotId);
    start = performance.now();
    const n2 = await catalogSnapshot(t.db, repo, await loadSnapshot(repo, snapshotId), p2.id, { batch });
    const walkS = (performance.now() - start) / 1000;
    const [{ n }] = await t.db
      .select({ n: count() })
      .from(catalogEntries)
      .where(eq(catalogEntries.restorePointId, p2.id));
    if (n !== n2) throw new Error(`expected ${n2} rows, found ${n}`);

    // The query search runs: every version of one file across restore points.
    start = performance.now();
    await t.db.select().from(catalogEntries).where(sql`lower(${catalogEntries.path}) like ${"%/f12345.txt"}`);
    const searchMs = performance.now() - start;
    console.log(
      `${name.padEnd(8)} insert: ${n1} rows in ${insertS.toFixed(2)} s = ${Math.round(n1 / insertS)} rows/s; ` +
        `snapshot walk+insert: ${n2} rows in ${walkS.toFixed(2)} s = ${Math.round(n2 / walkS)} rows/s; ` +
        `search by name ${searchMs.toFixed(0)} ms`,
    );
  } finally {
    await t.destroy();
  }
}

async function main() {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "catalog-rate-"));
  try {
    const src = path.join(work, "data");
    for (let d = 0; d < 100; d++) {
      const dir = path.join(src, `d${d}`);
      await fs.mkdir(dir, { recursive: true });
      await Promise.all(
        Array.from({ length: Math.ceil(files / 100) }, (_, i) =>
          fs.writeFile(path.join(dir, `f${d * 1000 + i}.txt`), `${d}/${i}\n`),
        ),
      );
    }
    const repo = await Repository.init(new LocalBackend(path.join(work, "repo")), "catalog-rate", {
      kdf: KDF,
    });
    const summary = await backup(repo, [src]);
    console.log(`${files} files, batch ${batch}, node ${process.version}, ${os.cpus().length} cores`);
    await measure("pglite", await createTestPglite(), repo, summary.snapshotId);
    if (await postgresUp()) await measure("postgres", await createTestPostgres(), repo, summary.snapshotId);
    else console.log("postgres not reachable at 127.0.0.1:5432: skipped");
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
