// End-to-end tests in Debian's Chromium (browsers cannot be downloaded here) against a production
// build served with a fresh data directory, so the first visit is a first run.
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

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

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL: `http://localhost:${port}`,
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
        command: `rm -rf ${e2eDataDir} && ${next} build && ${next} start -p ${port}`,
        url: `http://localhost:${port}/api/health`,
        timeout: 300_000,
        reuseExistingServer: false,
        stdout: "ignore",
        stderr: "pipe",
        env: {
          LIFEBOAT_DATA_DIR: e2eDataDir,
          LIFEBOAT_URL: `http://localhost:${port}`,
          DATABASE_URL: "",
          NEXT_TELEMETRY_DISABLED: "1",
        },
      }
    : undefined,
});
