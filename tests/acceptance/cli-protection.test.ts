// The end-to-end check, from the CLI alone against a real PostgreSQL, with one
// `lifeboat worker` running: add a repository, a folder and a database, create a policy that runs
// every minute, watch restore points appear on schedule, restore a chosen path and the database
// into new locations with --wait, and compare them with the originals. Takes about two minutes:
// it waits for real scheduled minutes.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_URL, createTestPostgres, type TestDatabase } from "@/db/testing";
import { lifeboatCommand } from "@/test-support/cli";
import { skipWithoutPostgres, skipWithoutRestic } from "@/test-support/external";
import { resticOk } from "@/test-support/restic";

const noPostgres = await skipWithoutPostgres();
const noRestic = skipWithoutRestic();
const ROOT = path.resolve(import.meta.dirname, "../..");
// lifeboatCommand: what `npm run lifeboat` runs, the compiled CLI with its Node flags (worker
// threads then load without tsx flags, and must start under the V8 flags the script sets).

let lifeboatDb: TestDatabase;
let work: string;
let worker: ChildProcess | undefined;
let env: NodeJS.ProcessEnv;
const sourceDb = `lb_accept_${randomBytes(4).toString("hex")}`;
const sourceUrl = `postgres://postgres@127.0.0.1:5432/${sourceDb}`;
const admin = noPostgres ? null : postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(...lifeboatCommand(args), { cwd: ROOT, env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function cliJson<T>(args: string[]): Promise<T> {
  const r = await cli([...args, "--json"]);
  if (r.code !== 0) throw new Error(`lifeboat ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

async function digests(db: string): Promise<Record<string, string>> {
  const sql = postgres(`postgres://postgres@127.0.0.1:5432/${db}`, { max: 1, onnotice: () => undefined });
  try {
    const out: Record<string, string> = {};
    for (const table of ["products", "orders"]) {
      const [row] = await sql.unsafe(
        `select md5(string_agg(t::text, '|' order by t::text)) as d from ${table} t`,
      );
      out[table] = row?.d as string;
    }
    return out;
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  if (noPostgres || noRestic) return;
  lifeboatDb = await createTestPostgres();
  work = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-accept-"));
  env = {
    ...process.env,
    DATABASE_URL: lifeboatDb.location.databaseUrl,
    LIFEBOAT_SECRET: "acceptance-test-secret-that-is-long-enough",
    LIFEBOAT_DATA_DIR: path.join(work, "data"),
    // Started from the project (where tsx resolves), working in `work` as a user's shell would.
    INIT_CWD: work,
  };
  const site = path.join(work, "site");
  await fs.mkdir(path.join(site, "conf"), { recursive: true });
  await fs.writeFile(path.join(site, "index.html"), "<h1>shop</h1>\n");
  await fs.writeFile(path.join(site, "conf/nginx.conf"), "worker_processes 2;\n", { mode: 0o640 });
  await fs.writeFile(path.join(site, "logo.bin"), randomBytes(200_000));
  await admin?.unsafe(`create database ${sourceDb}`);
  const sql = postgres(sourceUrl, { max: 1, onnotice: () => undefined });
  await sql.unsafe(`create table products (id int primary key, name text, price numeric(8,2));
    create table orders (id serial primary key, product int references products(id), qty int);
    insert into products select g, 'product ' || g, g * 1.25 from generate_series(1, 500) g;
    insert into orders (product, qty) select 1 + g % 500, g % 9 from generate_series(1, 5000) g;`);
  await sql.end();
  await fs.writeFile(path.join(work, "password"), "acceptance repository password\n");
});

afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill("SIGKILL");
  if (admin) {
    const leftovers = await admin.unsafe(`select datname from pg_database where datname like '${sourceDb}%'`);
    for (const row of leftovers) await admin.unsafe(`drop database if exists ${row.datname} with (force)`);
    await admin.end();
  }
  await lifeboatDb?.destroy();
  if (work) await fs.rm(work, { recursive: true, force: true });
});

describe.skipIf(noPostgres || noRestic)("protection from the CLI alone, with one worker", () => {
  it("schedules backups every minute and restores a path and the database into new locations", async () => {
    const repo = path.join(work, "repo");
    const site = path.join(work, "site");
    expect(
      (
        await cli([
          "repository",
          "add",
          "--name",
          "main",
          "--url",
          repo,
          "--password-file",
          "password",
          "--init",
        ])
      ).code,
    ).toBe(0);
    expect((await cli(["asset", "add", "--kind", "directory", "--name", "site", "--path", site])).code).toBe(
      0,
    );
    expect(
      (await cli(["asset", "add", "--kind", "postgres", "--name", "shop", "--database", sourceUrl])).code,
    ).toBe(0);
    const created = await cli([
      "policy",
      "create",
      "--name",
      "every-minute",
      "--assets",
      "site,shop",
      "--schedule",
      "* * * * *",
      "--keep-last",
      "10",
    ]);
    expect(created.stderr).toBe("");

    worker = spawn(...lifeboatCommand(["worker", "--poll-ms", "250"]), {
      cwd: ROOT,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let workerLog = "";
    worker.stderr?.on("data", (d) => (workerLog += d));

    // Two scheduled minutes give each asset two restore points, one minute apart.
    type Point = { id: string; asset: string; time: string; rowCounts: Record<string, number> | null };
    let points: Point[] = [];
    const deadline = Date.now() + 200_000;
    while (Date.now() < deadline) {
      points = await cliJson<Point[]>(["point", "list"]);
      const per = (a: string) => points.filter((p) => p.asset === a).length;
      if (per("site") >= 2 && per("shop") >= 2) break;
      await new Promise((r) => setTimeout(r, 3000));
    }
    expect(points.filter((p) => p.asset === "site").length, workerLog).toBeGreaterThanOrEqual(2);
    expect(points.filter((p) => p.asset === "shop").length, workerLog).toBeGreaterThanOrEqual(2);
    const jobs = await cliJson<
      { kind: string; source: string; scheduledFor: string | null; status: string }[]
    >(["job", "list", "--kind", "backup"]);
    const scheduled = jobs.filter((j) => j.source === "schedule" && j.status === "succeeded");
    for (const j of scheduled) expect(new Date(j.scheduledFor as string).getUTCSeconds()).toBe(0);
    expect(points.find((p) => p.asset === "shop")?.rowCounts).toEqual({
      "public.orders": 5000,
      "public.products": 500,
    });

    // Change the originals, then bring back what the newest restore points hold.
    const before = await digests(sourceDb);
    const sql = postgres(sourceUrl, { max: 1, onnotice: () => undefined });
    await sql.unsafe("delete from orders where qty = 0; update products set price = 0");
    await sql.end();
    const originalConf = await fs.readFile(path.join(site, "conf/nginx.conf"));
    await fs.writeFile(path.join(site, "conf/nginx.conf"), "broken");

    const restoredPath = await cli([
      "point",
      "restore",
      "--asset",
      "site",
      "--path",
      "conf/nginx.conf",
      "--wait",
      "--json",
    ]);
    expect(restoredPath.code, restoredPath.stderr).toBe(0);
    const pathJob = JSON.parse(restoredPath.stdout) as { params: { target: string } };
    expect(pathJob.params.target).toMatch(/site\.restored-\d{8}-\d{6}$/);
    expect(await fs.readFile(path.join(pathJob.params.target, "conf/nginx.conf"))).toEqual(originalConf);
    expect((await fs.stat(path.join(pathJob.params.target, "conf/nginx.conf"))).mode & 0o777).toBe(0o640);
    expect(await fs.readdir(pathJob.params.target)).toEqual(["conf"]);

    const restoredDb = await cli(["point", "restore", "--asset", "shop", "--wait", "--json"]);
    expect(restoredDb.code, restoredDb.stderr).toBe(0);
    const dbJob = JSON.parse(restoredDb.stdout) as { params: { target: string } };
    expect(dbJob.params.target).toMatch(new RegExp(`^${sourceDb}_restored_\\d{8}_\\d{6}$`));
    expect(await digests(dbJob.params.target)).toEqual(before);

    // The CLI admin may overwrite; the stock restic reads everything Lifeboat wrote.
    worker.kill("SIGTERM");
    const exit = await new Promise<number | null>((r) => worker?.once("exit", (code) => r(code)));
    expect(exit).toBe(0);
    await resticOk(repo, ["check", "--read-data"], { password: "acceptance repository password" });
  }, 400_000);
});
