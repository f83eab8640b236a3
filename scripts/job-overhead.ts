// What the job system costs on top of the bare engine: the same folder and the same PostgreSQL
// database backed up (1) by calling lib/sources directly and (2) as a queued backup job run by a
// worker (claim, repository open, restore point, catalog, progress writes, job end), each into a
// fresh repository, on a real PostgreSQL (127.0.0.1:5432) as Lifeboat's database. Medians.
//
//   npx tsx scripts/job-overhead.ts [--runs=3] [--files=2000] [--mib=200]
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { assets, jobs, policies, policyAssets, repositories } from "@/db/schema";
import { ADMIN_URL, createTestPostgres, type TestDatabase } from "@/db/testing";
import { LocalBackend, Repository } from "@/lib/engine";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { defaultHandlers } from "@/lib/jobs/handlers";
import { startWorker } from "@/lib/jobs/worker";
import { createSecretBox } from "@/lib/secrets";
import { backupDirectory, backupPostgres } from "@/lib/sources";
import type { Source } from "@/lib/sources/types";

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const runs = arg("runs", 3);
const files = arg("files", 2000);
const mib = arg("mib", 200);
const PASSWORD = "overhead bench password";
const secrets = createSecretBox("job overhead bench secret, long enough");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function makeFolder(dir: string) {
  const per = Math.floor((mib * 1024 * 1024) / files);
  for (let i = 0; i < files; i++) {
    const sub = path.join(dir, `d${i % 50}`);
    await fs.mkdir(sub, { recursive: true });
    await fs.writeFile(path.join(sub, `f${i}.bin`), randomBytes(per));
  }
}

async function makeDatabase(name: string): Promise<string> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  await sql.unsafe(`create table events (id bigserial primary key, at timestamptz, payload jsonb);
    insert into events (at, payload) select now() - g * interval '1 second', jsonb_build_object('n', g, 'text', md5(g::text))
    from generate_series(1, 400000) g;`);
  await sql.end();
  return url;
}

async function freshRepo(work: string, label: string) {
  const dir = path.join(work, `repo-${label}-${randomBytes(3).toString("hex")}`);
  await Repository.init(new LocalBackend(dir), PASSWORD);
  return dir;
}

async function viaEngine(work: string, source: Source): Promise<number> {
  const dir = await freshRepo(work, "engine");
  const started = performance.now();
  const repo = await Repository.open(new LocalBackend(dir), PASSWORD);
  const opts = { hostname: os.hostname(), tags: ["lifeboat"] };
  if (source.kind === "directory") await backupDirectory(repo, source, opts);
  else await backupPostgres(repo, source, opts);
  return (performance.now() - started) / 1000;
}

async function viaJob(t: TestDatabase, work: string, assetId: string): Promise<number> {
  const dir = await freshRepo(work, "job");
  const [repoRow] = await t.db
    .insert(repositories)
    .values({
      name: `r-${randomBytes(3).toString("hex")}`,
      url: dir,
      passwordEncrypted: secrets.encrypt(PASSWORD),
    })
    .returning();
  const [policy] = await t.db
    .insert(policies)
    .values({ name: `p-${randomBytes(3).toString("hex")}`, schedule: "0 3 * * *", repositoryId: repoRow.id })
    .returning();
  await t.db.insert(policyAssets).values({ policyId: policy.id, assetId });
  const worker = await startWorker({
    db: t.db,
    secrets,
    hostname: os.hostname(),
    handlers: defaultHandlers,
    pollMs: 50,
  });
  const started = performance.now();
  const job = await enqueueJob(t.db, { kind: "backup", policyId: policy.id, assetId, source: "cli" });
  for (;;) {
    const [row] = await t.db
      .select()
      .from(jobs)
      .where(eq(jobs.id, job?.id as string));
    if (row && ["succeeded", "failed"].includes(row.status)) {
      if (row.status !== "succeeded") throw new Error(`job failed: ${row.error}`);
      // The job's own timestamped log shows where the time beyond the engine's goes.
      if (process.env.SHOW_LOG) console.log(row.log, row.startedAt, row.createdAt, row.finishedAt);
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  return seconds;
}

async function main() {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-overhead-"));
  const t = await createTestPostgres();
  const dbName = `lb_overhead_${randomBytes(3).toString("hex")}`;
  try {
    const folder = path.join(work, "folder");
    await makeFolder(folder);
    const url = await makeDatabase(dbName);
    const sources: { label: string; source: Source }[] = [
      {
        label: `folder (${files} files, ${mib} MiB)`,
        source: { kind: "directory", path: folder, excludes: [] },
      },
      { label: "database (400k rows)", source: { kind: "postgres", databaseUrl: url, databaseName: dbName } },
    ];
    for (const { label, source } of sources) {
      const [asset] = await t.db
        .insert(assets)
        .values(
          source.kind === "directory"
            ? { kind: "directory", name: label, path: source.path }
            : {
                kind: "postgres",
                name: label,
                databaseName: dbName,
                databaseUrlEncrypted: secrets.encrypt(url),
              },
        )
        .returning();
      const engine: number[] = [];
      const job: number[] = [];
      for (let i = 0; i < runs; i++) {
        engine.push(await viaEngine(work, source));
        job.push(await viaJob(t, work, asset.id));
      }
      const e = median(engine);
      const j = median(job);
      console.log(
        `${label}: engine ${e.toFixed(2)} s, job ${j.toFixed(2)} s, job/engine ${(j / e).toFixed(2)}x (+${(j - e).toFixed(2)} s)`,
      );
    }
  } finally {
    await t.destroy();
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    await fs.rm(work, { recursive: true, force: true });
  }
}

await main();
