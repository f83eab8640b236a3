// `npm run bench:load`: 50 signed-in users load the overview and a running backup's job page on
// loopback while backups run, for a bounded time. Prints request counts, latency percentiles
// and errors; exits 1 when p95 ≥ 300 ms or any request failed.
//
// It uses the scaled shape's database, so the CLI can set things up and start backups while the
// server runs: a fresh database on the local PostgreSQL server (or --database-url=… of a database
// it may drop), a production build (`npm run build` first, or it builds), `next start` on
// --port (default 3399). Flags: --users=50 --seconds=30 --data-mib=256 --think-ms=5000.
//
// --think-ms=N: each user reads a page for a random 0.5·N to 1.5·N ms before loading the next
// (overview and job page in turn), and starts within the first such pause. The default, a page
// every five seconds per person (50 users: about 10 pages a second), is a busy team watching
// backups; people spend longer on a page. Smaller values show where one server process saturates
// (--think-ms=1000 asks for ~45 pages a second). With 0 every user reloads the moment an answer
// arrives: a closed loop that measures the server's queue (latency ≈ users ÷ throughput) rather
// than what a person waits.
//
// Also printed: the CPU the web server's main thread spent per page (from /proc, Linux). That
// thread renders every page and also runs the backups' coordinating part (the job runtime is in
// the web server, as in the embedded shape), so it bounds the pages per second one process can
// serve; the backups' reading and hashing threads are not in it.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import {
  flag,
  freshDatabase,
  loadAverage,
  mainThreadCpuMs,
  percentile,
  ROOT,
  signInUsers,
  sleep,
  startServer,
  stopServer,
} from "./server";

const USERS = Number(flag("users", "50"));
const SECONDS = Number(flag("seconds", "30"));
const DATA_MIB = Number(flag("data-mib", "256"));
const PORT = Number(flag("port", "3399"));
const THINK_MS = Number(flag("think-ms", "5000"));
const NAME = `lifeboat_load_${randomBytes(4).toString("hex")}`;
const DATABASE_URL = flag("database-url", `postgres://postgres@127.0.0.1:5432/${NAME}`);
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = "load-bench-password";

/**
 * One page load as a browser makes it: kept-alive connection, compressed answer, read to its end
 * (not decompressed: that is the browser's CPU, on another machine; fetch() would do it here, on
 * the server's cores, about 3.5 ms of CPU a page). Resolves with the status code. Like a
 * browser, it sends the request again once when a kept-alive connection turns out to have been
 * closed by the server as the request went out.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
async function loadPage(url: string, cookie: string): Promise<number> {
  try {
    return await loadOnce(url, cookie);
  } catch (error) {
    if ((error as { reusedSocket?: boolean }).reusedSocket) return loadOnce(url, cookie);
    throw error;
  }
}

function loadOnce(url: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      url,
      { agent, headers: { cookie, "accept-encoding": "gzip, deflate, br", accept: "text/html" } },
      (response) => {
        response.on("data", () => {});
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) =>
      reject(Object.assign(error, { reusedSocket: request.reusedSocket && error.code === "ECONNRESET" })),
    );
  });
}

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
  const dropDatabase = await freshDatabase(DATABASE_URL);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
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

    server = await startServer(PORT, env);

    const cookies = await signInUsers(
      env,
      Array.from({ length: USERS }, (_, i) => ({ email: `user${i}@example.com`, role: "viewer" as const })),
      PASSWORD,
    );
    // A backup runs all along: one now, and the next as soon as the last has ended, started
    // through the services as the scheduler does (a CLI process per run would cost the machine
    // more than the run). Before each run the files' times move, so every backup reads, cuts
    // and hashes all of them again, as for data that keeps changing.
    const { openDb } = await import("@/db/client");
    const { cliContext } = await import("@/lib/auth/context");
    const { getJob, runBackupNow } = await import("@/lib/services/jobs");
    const handle = await openDb({ databaseUrl: DATABASE_URL, migrate: false });
    const ctx = cliContext(handle.db);
    const startBackup = async () => {
      const now = new Date();
      for (const file of await fs.readdir(data)) await fs.utimes(path.join(data, file), now, now);
      const [job] = await runBackupNow(ctx, { policy: "load" });
      if (!job) throw new Error("the policy started no backup");
      return job.id;
    };
    let jobId = await startBackup();
    // A server that has been up a while: each page rendered once before measuring (the first
    // render of a route loads and compiles its code, over a second here; that is start-up, not
    // what people wait for once it runs).
    for (const url of [`${BASE}/`, `${BASE}/jobs/${jobId}`]) await loadPage(url, cookies[0] as string);
    let backups = 1;
    const running = { polls: 0, of: 0 };
    const deadline = Date.now() + SECONDS * 1000;
    const keepBacking = (async () => {
      while (Date.now() < deadline) {
        await sleep(250);
        const { status } = await getJob(ctx, jobId);
        running.of++;
        if (status === "running") running.polls++;
        if (status !== "queued" && status !== "running" && Date.now() < deadline - 2000) {
          jobId = await startBackup();
          backups++;
        }
      }
    })();

    const cpuBefore = mainThreadCpuMs(server.pid);
    const clientBefore = process.cpuUsage();
    const latencies: number[] = [];
    const byPage: Record<string, number[]> = { overview: [], job: [] };
    const errors: string[] = [];
    await Promise.all(
      cookies.map(async (cookie, user) => {
        // People do not all click in the same millisecond: each starts within the first pause.
        await sleep(THINK_MS * Math.random());
        for (let n = user; Date.now() < deadline; n++) {
          const url = n % 2 ? `${BASE}/jobs/${jobId}` : `${BASE}/`;
          const started = performance.now();
          try {
            const status = await loadPage(url, cookie);
            if (status !== 200) errors.push(`${status} ${url}`);
          } catch (error) {
            errors.push(`${(error as Error).message} ${url}`);
          }
          const ms = performance.now() - started;
          latencies.push(ms);
          byPage[n % 2 ? "job" : "overview"]?.push(ms);
          if (THINK_MS > 0) await sleep(THINK_MS * (0.5 + Math.random()));
        }
      }),
    );
    const cpuAfter = mainThreadCpuMs(server.pid);
    const client = process.cpuUsage(clientBefore);
    await keepBacking;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => percentile(latencies, p);
    const p95 = pct(95);
    console.log(
      `${USERS} users${THINK_MS ? ` reading each page ~${THINK_MS} ms` : " with no pause"}, ${SECONDS} s, ` +
        `${backups} backup(s) of ${DATA_MIB} MiB: ${latencies.length} requests ` +
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
    if (cpuBefore !== null && cpuAfter !== null) {
      const perPage = (cpuAfter - cpuBefore) / latencies.length;
      console.log(
        `  web server main thread: ${perPage.toFixed(1)} ms CPU per page, the backups' part of that thread included`,
      );
    }
    console.log(
      `  this load generator: ${((client.user + client.system) / 1000 / latencies.length).toFixed(1)} ms CPU per page, on the same cores`,
    );
    console.log(
      `  a backup was running ${((100 * running.polls) / Math.max(1, running.of)).toFixed(0)}% of the time`,
    );
    console.log(`  load average while measuring: ${loadAverage()}`);
    for (const e of errors.slice(0, 5)) console.log(`  error: ${e}`);
    process.exitCode = p95 < 300 && errors.length === 0 ? 0 : 1;
    await handle.close();
  } finally {
    agent.destroy();
    await stopServer(server);
    await dropDatabase();
    await fs.rm(work, { recursive: true, force: true });
  }
}

await main();
