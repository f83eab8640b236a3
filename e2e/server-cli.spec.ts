// The CLI beside a running server on embedded defaults, as a user types it in a second shell:
// the server Playwright started (a production build on a fresh LIFEBOAT_DATA_DIR) owns the
// embedded database, and `npm run lifeboat` commands reach it through the server's socket; the
// backup they queue is run by the server's worker, and `--wait` follows it to the end.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { lifeboatCommand } from "@/test-support/cli";

const run = promisify(execFile);
const dataDir = process.env.LIFEBOAT_E2E_DATA_DIR as string;

async function lifeboat(...args: string[]) {
  const [file, argv] = lifeboatCommand(args);
  const env = { ...process.env, LIFEBOAT_DATA_DIR: dataDir, DATABASE_URL: "", INIT_CWD: "" };
  return run(file, argv, { env, timeout: 120_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

let work: string;
test.beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "lifeboat-e2e-cli-"));
});
test.afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test("repository add, asset add, policy create, policy run --wait and point list while the server runs", async () => {
  test.setTimeout(240_000);
  expect(dataDir).toContain("lifeboat-e2e-");
  const owner = JSON.parse(await readFile(path.join(dataDir, "run", "owner.json"), "utf8")) as {
    pid: number;
  };

  await writeFile(path.join(work, "password"), "e2e repository password\n");
  const site = path.join(work, "site");
  await mkdir(path.join(site, "conf"), { recursive: true });
  await writeFile(path.join(site, "conf", "nginx.conf"), "worker_processes 2;\n");
  await writeFile(path.join(site, "index.html"), "<h1>hello</h1>\n");

  const repo = await lifeboat(
    "repository",
    "add",
    "--name",
    "cli-main",
    "--url",
    path.join(work, "repo"),
    "--password-file",
    path.join(work, "password"),
    "--init",
  );
  expect(repo.stderr).toBe("");
  expect(repo.code).toBe(0);
  const asset = await lifeboat("asset", "add", "--kind", "directory", "--name", "cli-site", "--path", site);
  expect(asset.code, asset.stderr).toBe(0);
  const policy = await lifeboat(
    "policy",
    "create",
    "--name",
    "cli-nightly",
    "--assets",
    "cli-site",
    "--schedule",
    "0 2 * * *",
    "--repository",
    "cli-main",
    "--keep-daily",
    "7",
  );
  expect(policy.code, policy.stderr).toBe(0);

  const backup = await lifeboat("policy", "run", "cli-nightly", "--wait");
  expect(backup.code, backup.stderr).toBe(0);
  expect(backup.stdout).toMatch(/^backup [0-9a-f-]{36} succeeded$/m);
  const jobId = (/^backup ([0-9a-f-]{36}) succeeded$/m.exec(backup.stdout) as RegExpExecArray)[1];
  // The server's worker ran it (its lease owner names the server's process), not the CLI.
  const shown = await lifeboat("job", "show", jobId);
  expect(shown.code, shown.stderr).toBe(0);
  expect(shown.stdout).toContain(`:${owner.pid}:`);

  const points = await lifeboat("point", "list", "--asset", "cli-site", "--json");
  expect(points.code, points.stderr).toBe(0);
  const list = JSON.parse(points.stdout) as { asset: string; fileCount: number }[];
  expect(list).toHaveLength(1);
  expect(list[0]).toMatchObject({ asset: "cli-site", fileCount: 2 });
});
