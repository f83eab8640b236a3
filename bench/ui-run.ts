// One database's part of `npm run bench:ui` (bench/ui.ts runs this in a child process per
// database, because the database handle and the settings are per process): seed, time the service
// functions in this process, sign in, then start `next start` on the same data and time HTTP.
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { waitFor } from "./server";
import type { Figure } from "./ui";
import { benchRepository, FULL, QUICK } from "./ui-seed";

const ROOT = path.resolve(import.meta.dirname, "..");
const SECRET = "lifeboat ui bench secret, long enough to be a key";
const PASSWORD = "ui-bench-password";

export interface RunOptions {
  quick: boolean;
  port: number;
  requests: number;
  /** PostgreSQL: a database this run may create and drop. */
  databaseUrl?: string;
  serviceOnly?: boolean;
}

interface Op {
  what: string;
  service: () => Promise<unknown>;
  http: string;
}

export async function runOne(kind: "pglite" | "postgres", opts: RunOptions): Promise<Figure[]> {
  const sizes = opts.quick ? QUICK : FULL;
  const log = (line: string) => console.error(`[${kind}] ${line}`);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-bench-ui-db-"));
  const base = `http://127.0.0.1:${opts.port}`;
  const databaseUrl =
    opts.databaseUrl ??
    `postgres://postgres@127.0.0.1:5432/lifeboat_bench_ui_${randomBytes(4).toString("hex")}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LIFEBOAT_SECRET: SECRET,
    LIFEBOAT_DATA_DIR: path.join(work, "data"),
    LIFEBOAT_URL: base,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: kind === "postgres" ? databaseUrl : undefined,
  };
  if (kind === "pglite") delete env.DATABASE_URL;
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  Object.assign(process.env, env);
  const admin =
    kind === "postgres"
      ? postgres(Object.assign(new URL(databaseUrl), { pathname: "/postgres" }).toString(), {
          max: 1,
          onnotice: () => undefined,
        })
      : null;
  const dbName = new URL(databaseUrl).pathname.slice(1);
  if (admin) {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.unsafe(`create database ${dbName}`);
  }
  let server: ReturnType<typeof spawn> | undefined;
  try {
    const repo = await benchRepository(sizes);
    log(`seeding ${sizes.points} restore points, ${sizes.catalogRows} catalog rows`);
    const { getDbHandle } = await import("@/db");
    const { cliContext, publicContext } = await import("@/lib/auth/context");
    const { createSecretBox } = await import("@/lib/secrets");
    const { seedDatabase } = await import("./ui-seed");
    const views = await import("@/lib/services/restore-point-views");
    const { searchCatalog } = await import("@/lib/services/restore-points");
    const { diffRestorePoints } = await import("@/lib/services/restore-point-diff");
    // As in the server (repository-cache.ts): repositories stay open between requests.
    (await import("@/lib/services/repository-cache")).keepRepositoriesOpen();
    const handle = await getDbHandle();
    const seeded = await seedDatabase(handle.db, sizes, repo, createSecretBox(SECRET), log);
    const ctx = cliContext(handle.db);
    const ops: Op[] = [
      {
        what: "restore points, first page",
        service: () => views.listRestorePointsPage(ctx, { limit: 50 }),
        http: "/api/restore-points?limit=50",
      },
      {
        what: "restore points, deep page",
        service: () => views.listRestorePointsPage(ctx, { limit: 50, before: seeded.deepCursor }),
        http: `/api/restore-points?limit=50&before=${encodeURIComponent(seeded.deepCursor)}`,
      },
      {
        what: "first folder",
        service: () => views.browseFolderPage(ctx, { restorePoint: seeded.newer }),
        http: `/api/restore-points/${seeded.newer}/folder`,
      },
      {
        what: `${sizes.bigFolder}-entry folder, first page`,
        service: () => views.browseFolderPage(ctx, { restorePoint: seeded.newer, path: "big" }),
        http: `/api/restore-points/${seeded.newer}/folder?path=big`,
      },
      {
        what: `search "${seeded.searchFor}"`,
        service: () => searchCatalog(ctx, { query: seeded.searchFor, limit: 200 }),
        http: `/api/restore-points/search?q=${encodeURIComponent(seeded.searchFor)}`,
      },
      {
        what: `what changed, 2 × ${sizes.files} files`,
        service: () =>
          diffRestorePoints(ctx, { restorePoint: seeded.newer, against: seeded.older, limit: 500 }),
        http: `/api/restore-points/${seeded.newer}/changes?against=${seeded.older}`,
      },
    ];
    const figures: Figure[] = [];
    for (const op of ops) {
      figures.push({ db: kind, via: "service", what: op.what, ...(await time(op.service, opts.requests)) });
      log(`service ${op.what}: ${JSON.stringify(figures.at(-1))}`);
    }

    const { createFirstAdmin } = await import("@/lib/services/users");
    const { getAuth } = await import("@/lib/auth/server");
    await createFirstAdmin(publicContext(handle.db, "ui"), {
      email: "bench@example.com",
      password: PASSWORD,
    });
    const signedIn = await (await getAuth()).api.signInEmail({
      body: { email: "bench@example.com", password: PASSWORD },
      asResponse: true,
    });
    const cookie = String(signedIn.headers.get("set-cookie")).split(";")[0] as string;
    // The embedded database has one owner: the server takes it over from here.
    await handle.close();
    if (opts.serviceOnly) return figures;

    // A build under way (the browser tests build the same folder) is waited for, not raced.
    for (
      let i = 0;
      i < 300 && existsSync(path.join(ROOT, ".next")) && !existsSync(path.join(ROOT, ".next", "BUILD_ID"));
      i++
    )
      await sleep(2000);
    if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
      log("building (no production build found)…");
      await promisify(execFile)("node", ["node_modules/next/dist/bin/next", "build"], { cwd: ROOT, env });
    }
    // The port may still be held by a browser-test server of the same worktree: wait for it.
    while (
      await fetch(`${base}/api/health`).then(
        () => true,
        () => false,
      )
    )
      await sleep(2000);
    server = spawn("node", ["node_modules/next/dist/bin/next", "start", "-p", String(opts.port)], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    await waitFor(`${base}/api/health`, 120);
    for (const op of ops) {
      const get = async () => {
        const response = await fetch(`${base}${op.http}`, { headers: { cookie } });
        const body = await response.arrayBuffer();
        if (response.status !== 200)
          throw new Error(`${op.http}: ${response.status} ${Buffer.from(body).toString().slice(0, 300)}`);
      };
      figures.push({ db: kind, via: "http", what: op.what, ...(await time(get, opts.requests)) });
      log(`http ${op.what}: ${JSON.stringify(figures.at(-1))}`);
    }
    return figures;
  } finally {
    if (server) {
      const exited = new Promise((r) => server?.once("exit", r));
      server.kill("SIGTERM");
      await Promise.race([exited, sleep(5000)]);
    }
    if (admin && process.argv.includes("--keep-database")) {
      log(`kept ${dbName} (--keep-database)`);
      await admin.end();
    } else if (admin) {
      await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
      await admin.end();
    }
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** The first call (cold) apart, then `n` calls one after another. */
async function time(run: () => Promise<unknown>, n: number) {
  let started = performance.now();
  await run();
  const cold = performance.now() - started;
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    started = performance.now();
    await run();
    values.push(performance.now() - started);
  }
  values.sort((a, b) => a - b);
  const at = (p: number) => values[Math.min(values.length - 1, Math.floor(p * values.length))] ?? 0;
  return { cold, p50: at(0.5), p95: at(0.95), n };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
