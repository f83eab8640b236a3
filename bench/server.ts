// What the HTTP benches share: flags, a fresh database on the local PostgreSQL server, the
// production build and `next start` on a port, users signed in without the HTTP sign-in form,
// percentiles and the machine's load (the figures mean little without it on a shared machine).
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";

export const ROOT = path.resolve(import.meta.dirname, "..");

export const flag = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A database of that URL, dropped first if it exists; the returned function drops it again. */
export async function freshDatabase(databaseUrl: string): Promise<() => Promise<void>> {
  const adminUrl = Object.assign(new URL(databaseUrl), { pathname: "/postgres" }).toString();
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/^\w+$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
  };
}

/**
 * `next start` on the port with that environment, once /api/health answers. Builds first when
 * there is no production build (`npm run build` beforehand saves that time).
 */
export async function startServer(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    console.log("building (no production build found)…");
    await promisify(execFile)("node", ["node_modules/next/dist/bin/next", "build"], { cwd: ROOT, env });
  }
  // BENCH_SERVER_NODE_ARGS: Node flags for the server alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"
  // to see where its time goes (Node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const server = spawn(
    "node",
    [...nodeArgs, "node_modules/next/dist/bin/next", "start", "-p", String(port)],
    {
      cwd: ROOT,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  await waitFor(`http://127.0.0.1:${port}/api/health`);
  return server;
}

export async function stopServer(server: ChildProcess | undefined) {
  if (!server || server.exitCode !== null) return;
  server.kill("SIGTERM");
  await sleep(1000);
}

/**
 * One session cookie per user, each user created and signed in through the services and
 * better-auth's server API in this process (the same database and secret as the server), because
 * sign-in over HTTP is rate-limited per address and every request here comes from 127.0.0.1.
 * Runs `seed` with an administrator's context first, for whatever the bench needs to exist.
 */
export async function signInUsers(
  env: NodeJS.ProcessEnv,
  users: { email: string; role: "viewer" | "operator" | "admin" }[],
  password: string,
  seed?: (ctx: import("@/lib/services/context").ServiceContext) => Promise<void>,
): Promise<string[]> {
  Object.assign(process.env, env);
  const { getDbHandle } = await import("@/db");
  const { cliContext } = await import("@/lib/auth/context");
  const { getAuth } = await import("@/lib/auth/server");
  const { createUser } = await import("@/lib/services/users");
  const handle = await getDbHandle();
  const auth = await getAuth();
  const cookies: string[] = [];
  try {
    const ctx = cliContext(handle.db);
    await seed?.(ctx);
    for (const { email, role } of users) {
      await createUser(ctx, { email, password, role });
      const response = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
      cookies.push(String(response.headers.get("set-cookie")).split(";")[0]);
    }
  } finally {
    await handle.close();
  }
  return cookies;
}

export async function waitFor(url: string, seconds = 60) {
  for (let i = 0; i < seconds * 2; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(500);
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

/** The value at the p-th percentile of values sorted ascending (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * CPU time (user + system, ms) of a process's main thread so far, from /proc (Linux; null
 * elsewhere). Clock ticks are taken as 100 a second, the kernel's USER_HZ on every common build.
 */
export function mainThreadCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export function loadAverage(): string {
  return `${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} (${os.cpus().length} cores)`;
}
