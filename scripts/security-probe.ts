// `npm run test:security`: the security probe (scripts/security-probe/probe.ts) against the
// production build. Builds first when there is no build or a source is newer than it, starts
// `next start` on a fresh data directory (port SECURITY_PROBE_PORT, default 3290), probes, stops
// the server. With SECURITY_PROBE_URL it probes an already running server instead (which must
// run with the probe's environment, see probeServerEnv). Exit 1 when a probe failed.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { probeServerEnv, runProbes, summary } from "./security-probe/probe";

const root = path.resolve(import.meta.dirname, "..");
const next = path.join(root, "node_modules/next/dist/bin/next");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(tsx?|css|mjs)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const sources = ["app", "components", "lib", "db"].map((d) => newestSource(path.join(root, d)));
  const top = ["proxy.ts", "next.config.ts", "instrumentation.ts"].map(
    (f) => statSync(path.join(root, f)).mtimeMs,
  );
  if (existsSync(buildId) && statSync(buildId).mtimeMs > Math.max(...sources, ...top)) return;
  console.log("building (next build)…");
  const built = spawnSync(process.execPath, [next, "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (built.status !== 0) throw new Error("next build failed");
}

async function waitForHealth(url: string, server: ChildProcess) {
  for (let i = 0; i < 240; i++) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server did not become healthy in 2 minutes");
}

async function main() {
  const admin = { email: "probe-admin@example.com", password: "probe-admin-password-1" };
  let url = process.env.SECURITY_PROBE_URL;
  let server: ChildProcess | undefined;
  let dataDir: string | undefined;
  if (!url) {
    buildIfStale();
    const port = Number(process.env.SECURITY_PROBE_PORT ?? 3290);
    dataDir = mkdtempSync(path.join(os.tmpdir(), "lifeboat-probe-"));
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [next, "start", "-p", String(port)], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        ...probeServerEnv,
        LIFEBOAT_DATA_DIR: dataDir,
        DATABASE_URL: "",
        LIFEBOAT_URL: "",
        NEXT_TELEMETRY_DISABLED: "1",
      },
    });
    await waitForHealth(url, server);
  }
  try {
    const results = await runProbes({ baseURL: url, root, admin });
    console.log(summary(results));
    process.exitCode = results.every((r) => r.ok) ? 0 : 1;
  } finally {
    server?.kill("SIGTERM");
    if (server) await new Promise((resolve) => server?.once("exit", resolve));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  console.log("0 passed, 1 failed");
  process.exit(1);
});
