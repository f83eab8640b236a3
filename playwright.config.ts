// End-to-end tests in Debian's Chromium (browsers cannot be downloaded here) against a production
// build served with a fresh data directory, so the first visit is a first run.
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { probeServerEnv } from "./scripts/security-probe/probe";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(chromium);
if (!hasChromium && process.env.CI === "true") {
  throw new Error(`Chromium is required in CI but missing at ${chromium}: apt-get install chromium`);
}
if (!hasChromium)
  console.warn(`skipping browser tests: Chromium is missing at ${chromium}; apt-get install chromium`);

const port = Number(process.env.E2E_PORT ?? 3210);
// One folder per port, emptied by the server command itself, so every run is a first run and
// the config (loaded by more than one process) creates nothing.
export const e2eDataDir = path.join(os.tmpdir(), `lifeboat-e2e-${port}`);
process.env.LIFEBOAT_E2E_DATA_DIR = e2eDataDir;
const next = "node node_modules/next/dist/bin/next";
export const fakeModelPort = port + 1000;

// E2E_DATABASE_URL=postgres://…/lifeboat_e2e_N runs the same specs against a real PostgreSQL server
// (the scaled shape's database) instead of embedded PGlite; the server command recreates that
// database, and global-teardown drops it. Its secret is fixed so the specs can run the CLI too.
export const e2eDatabaseUrl = process.env.E2E_DATABASE_URL ?? "";
export const e2eSecret = "lifeboat end-to-end secret, long enough to be a key";
function recreateDatabase(url: string): string {
  const name = new URL(url).pathname.slice(1);
  if (!/^lifeboat_e2e_\w+$/.test(name))
    throw new Error("E2E_DATABASE_URL must name a database lifeboat_e2e_…");
  const admin = new URL(url);
  admin.pathname = "/postgres";
  return `psql "${admin}" -qc "drop database if exists ${name} with (force)" -c "create database ${name}" && `;
}

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    // 127.0.0.1, as a new user types it: sign-in must work at the address the server is reached by
    // (LIFEBOAT_URL is unset below, as in the README's start command).
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: hasChromium
    ? {
        command: `rm -rf ${e2eDataDir} && ${e2eDatabaseUrl ? recreateDatabase(e2eDatabaseUrl) : ""}${next} build && ${next} start -p ${port}`,
        url: `http://localhost:${port}/api/health`,
        timeout: 300_000,
        reuseExistingServer: false,
        stdout: "ignore",
        stderr: "pipe",
        env: {
          LIFEBOAT_DATA_DIR: e2eDataDir,
          LIFEBOAT_URL: "",
          // The security probe's trusted proxy (127.0.0.2) and metrics token.
          ...probeServerEnv,
          DATABASE_URL: e2eDatabaseUrl,
          ...(e2eDatabaseUrl ? { LIFEBOAT_SECRET: e2eSecret } : {}),
          NEXT_TELEMETRY_DISABLED: "1",
          // The assistant talks to the fake OpenAI-compatible server the-assistant.spec.ts starts.
          OPENAI_API_KEY: "e2e-not-a-key",
          OPENAI_BASE_URL: `http://127.0.0.1:${fakeModelPort}/v1`,
          LIFEBOAT_MODEL: "fake-model",
        },
      }
    : undefined,
});
