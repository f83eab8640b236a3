// `npm run bench:load`: 50 signed-in users load the overview and a running backup's job page on
// loopback while backups run, for a bounded time. Prints request counts, latency percentiles
// and errors; exits 1 when p95 ≥ 300 ms or any request failed.
//
// It uses the scaled shape's database, so the CLI can set things up and start backups while the
// server runs: a fresh database on the local PostgreSQL server (or --database-url=… of a database
// it may drop), a production build (`npm run build` first, or it builds), `next start` on
// --port (default 3399). Flags: --users=50 --seconds=20 --data-mib=256.
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";

const flag = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const USERS = Number(flag("users", "50"));
const SECONDS = Number(flag("seconds", "20"));
const DATA_MIB = Number(flag("data-mib", "256"));
const PORT = Number(flag("port", "3399"));
const NAME = `lifeboat_load_${randomBytes(4).toString("hex")}`;
const DATABASE_URL = flag("database-url", `postgres://postgres@127.0.0.1:5432/${NAME}`);
const ROOT = path.resolve(import.meta.dirname, "..");
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = "load-bench-password";

const adminUrl = () => Object.assign(new URL(DATABASE_URL), { pathname: "/postgres" }).toString();
const dbName = () => new URL(DATABASE_URL).pathname.slice(1);

async function main() {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-load-"));
  const env = {
    ...process.env,
    DATABASE_URL,
    LIFEBOAT_SECRET: "lifeboat load bench secret, long enough to be a key",
    LIFEBOAT_DATA_DIR: path.join(work, "data"),
    LIFEBOAT_URL: BASE,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const cli = async (...args: string[]) =>
    (await promisify(execFile)("sh", ["bin/lifeboat", ...args], { cwd: ROOT, env })).stdout;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
  await admin.unsafe(`drop database if exists ${dbName()} with (force)`);
  await admin.unsafe(`create database ${dbName()}`);
  let server: ReturnType<typeof spawn> | undefined;
  try {
    // What gets backed up: incompressible files, so every run reads and stores them.
    const data = path.join(work, "site");
    await fs.mkdir(data);
    for (let i = 0; i < DATA_MIB / 8; i++)
      await fs.writeFile(path.join(data, `f${i}.bin`), randomBytes(8 << 20));
    await cli("asset", "add", "--kind", "directory", "--name", "site", "--path", data);
    await cli(
      "policy",
      "create",
      "--name",
      "load",
      "--assets",
      "site",
      "--schedule",
      "0 3 * * *",
      "--keep-last",
      "2",
    );

    if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
      console.log("building (no production build found)…");
      await promisify(execFile)("node", ["node_modules/next/dist/bin/next", "build"], { cwd: ROOT, env });
    }
    server = spawn("node", ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    await waitFor(`${BASE}/api/health`);

    const cookies = await signInUsers(env);
    // A backup runs all along: start one now and another whenever the last has ended.
    let jobId = (await cli("policy", "run", "load")).trim();
    let backups = 1;
    const deadline = Date.now() + SECONDS * 1000;
    const keepBacking = (async () => {
      while (Date.now() < deadline) {
        await sleep(500);
        const job = await fetch(`${BASE}/api/jobs/${jobId}`, { headers: { cookie: cookies[0] as string } });
        const { status } = (await job.json()) as { status: string };
        if (status !== "queued" && status !== "running" && Date.now() < deadline - 2000) {
          jobId = (await cli("policy", "run", "load")).trim();
          backups++;
        }
      }
    })();

    const latencies: number[] = [];
    const byPage: Record<string, number[]> = { overview: [], job: [] };
    const errors: string[] = [];
    await Promise.all(
      cookies.map(async (cookie, user) => {
        for (let n = user; Date.now() < deadline; n++) {
          const url = n % 2 ? `${BASE}/jobs/${jobId}` : `${BASE}/`;
          const started = performance.now();
          try {
            const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
            await response.arrayBuffer();
            if (response.status !== 200) errors.push(`${response.status} ${url}`);
          } catch (error) {
            errors.push(`${(error as Error).message} ${url}`);
          }
          const ms = performance.now() - started;
          latencies.push(ms);
          byPage[n % 2 ? "job" : "overview"]?.push(ms);
        }
      }),
    );
    await keepBacking;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
    const p95 = pct(95);
    console.log(
      `${USERS} users, ${SECONDS} s, ${backups} backup(s) of ${DATA_MIB} MiB: ${latencies.length} requests ` +
        `(${(latencies.length / SECONDS).toFixed(0)}/s), p50 ${pct(50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, ` +
        `p99 ${pct(99).toFixed(0)} ms, max ${pct(100).toFixed(0)} ms, errors ${errors.length}`,
    );
    for (const [page, values] of Object.entries(byPage)) {
      values.sort((a, b) => a - b);
      const at = (p: number) => values[Math.min(values.length - 1, Math.floor(p * values.length))] ?? 0;
      console.log(
        `  ${page}: ${values.length} requests, p50 ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms`,
      );
    }
    console.log(
      `  load average while measuring: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} (${os.cpus().length} cores)`,
    );
    for (const e of errors.slice(0, 5)) console.log(`  error: ${e}`);
    process.exitCode = p95 < 300 && errors.length === 0 ? 0 : 1;
  } finally {
    server?.kill("SIGTERM");
    await sleep(1000);
    await admin.unsafe(`drop database if exists ${dbName()} with (force)`).catch(() => undefined);
    await admin.end();
    await fs.rm(work, { recursive: true, force: true });
  }
}

/**
 * USERS distinct users, each signed in once. Made in this process through the services and
 * better-auth's server API (the same database and secret as the server), because sign-in over
 * HTTP is rate-limited per address (20 a minute) and every request here comes from 127.0.0.1.
 */
async function signInUsers(env: Record<string, string | undefined>): Promise<string[]> {
  Object.assign(process.env, env);
  const { getDbHandle } = await import("@/db");
  const { cliContext } = await import("@/lib/auth/context");
  const { getAuth } = await import("@/lib/auth/server");
  const { createUser } = await import("@/lib/services/users");
  const handle = await getDbHandle();
  const auth = await getAuth();
  const cookies: string[] = [];
  try {
    for (let i = 0; i < USERS; i++) {
      const email = `user${i}@example.com`;
      await createUser(cliContext(handle.db), { email, password: PASSWORD, role: "viewer" });
      const response = await auth.api.signInEmail({ body: { email, password: PASSWORD }, asResponse: true });
      cookies.push(String(response.headers.get("set-cookie")).split(";")[0]);
    }
  } finally {
    await handle.close();
  }
  return cookies;
}

async function waitFor(url: string) {
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(500);
  }
  throw new Error(`${url} did not answer within 60 s`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await main();
