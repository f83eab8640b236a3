// bin/lifeboat is what `npm run lifeboat` runs: Node with the CLI's settings, then the compiled
// CLI, rebuilt when stale. It must behave as `tsx bin/lifeboat.ts` did: exit codes, and paths
// relative to INIT_CWD.
import { spawn, spawnSync } from "node:child_process";
import { scryptSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lifeboatCommand } from "@/test-support/cli";
import { skipWithout } from "@/test-support/external";
import { startS3Server } from "@/test-support/s3-server";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-launcher-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ENV = { ...process.env, INIT_CWD: dir, LIFEBOAT_PASSWORD: "launcher-test" };

function launch(args: string[], env: NodeJS.ProcessEnv = ENV) {
  return spawnSync(...lifeboatCommand(args), { cwd: ROOT, env, encoding: "utf8" });
}

/** As launch(), without blocking this process: the S3 server the CLI talks to runs in it. */
function launchAsync(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(...lifeboatCommand(args), { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("bin/lifeboat", () => {
  it("runs the compiled CLI with the same exit codes", () => {
    const help = launch(["help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: npm run lifeboat/);
    // Built, not fallen back to tsx.
    expect(fs.existsSync(path.join(ROOT, "node_modules/.cache/lifeboat-cli/build.json"))).toBe(true);
    const unknown = launch(["frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
  }, 60_000);

  it("has the threaded scrypt in the build, where the launcher's early key loads it from", async () => {
    launch(["help"]);
    const cache = path.join(ROOT, "node_modules/.cache/lifeboat-cli");
    const { dir: build } = JSON.parse(fs.readFileSync(path.join(cache, "build.json"), "utf8"));
    // bin/lifeboat.mjs imports this file; without it every command falls back to Node's scrypt.
    const { scrypt } = await import(path.join(cache, build, "scrypt.mjs"));
    const salt = Buffer.from("launcher-salt");
    const params = { N: 1024, r: 8, p: 3 };
    const got: Buffer = await scrypt(Buffer.from("pw"), salt, params, 64, 2);
    expect(got.equals(scryptSync("pw", salt, 64, params))).toBe(true);
  }, 60_000);

  it("resolves paths from INIT_CWD and starts backup workers from the build", () => {
    expect(launch(["init", "--repo", "repo"]).status).toBe(0);
    fs.mkdirSync(path.join(dir, "data"));
    fs.writeFileSync(path.join(dir, "data", "a.txt"), "hello");
    const backup = launch(["backup", "--repo", "repo", "data", "--json"]);
    expect(backup.stderr).toBe("");
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(/"message_type":"summary"/);
  }, 60_000);

  it("writes all of its output to a reader that is slow to read it before exiting", async () => {
    fs.mkdirSync(path.join(dir, "many"));
    const long = "x".repeat(120);
    for (let i = 0; i < 2500; i++) fs.writeFileSync(path.join(dir, "many", `${i}-${long}`), `${i}`);
    expect(launch(["backup", "--repo", "repo", "many"]).status).toBe(0);
    const all = launch(["ls", "--repo", "repo", "latest"]);
    expect(all.stdout.length).toBeGreaterThan(4 * 65536); // more than a pipe holds
    const slow = await new Promise<string>((resolve) => {
      const child = spawn(...lifeboatCommand(["ls", "--repo", "repo", "latest"]), {
        cwd: ROOT,
        env: ENV,
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      setTimeout(() => child.stdout.on("data", (d) => (out += d)), 1000);
      child.on("close", () => resolve(out));
    });
    expect(slow).toBe(all.stdout);
  }, 60_000);

  // Node loads the file NODE_EXTRA_CA_CERTS names as it starts, and warns when it cannot.
  it("starts repository commands on local folders without NODE_EXTRA_CA_CERTS, and the rest with it", () => {
    const env = { ...ENV, NODE_EXTRA_CA_CERTS: path.join(dir, "no-such-ca.pem") };
    const local = launch(["snapshots", "--repo", "repo"], env);
    expect(local.status).toBe(0);
    expect(local.stderr).toBe("");
    const other = launch(["frobnicate"], env);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/Ignoring extra certs from .*no-such-ca\.pem/);
  }, 60_000);

  it.skipIf(skipWithout("openssl", "apt-get install openssl"))(
    "keeps NODE_EXTRA_CA_CERTS for an S3 repository over https with a private CA",
    async () => {
      const server = await startS3Server({ tls: true });
      try {
        const env = {
          ...ENV,
          NODE_EXTRA_CA_CERTS: server.caCertificateFile,
          AWS_ACCESS_KEY_ID: "S3RVER",
          AWS_SECRET_ACCESS_KEY: "S3RVER",
        };
        const url = `s3:${server.endpoint}/launcher/repo`;
        const init = await launchAsync(["init", "--repo", url], env);
        expect(init.status, init.stderr).toBe(0);
        expect(init.stdout).toMatch(/created restic repository/);
        // The --repo=URL form is recognised as well as --repo URL.
        const snapshots = await launchAsync(["snapshots", `--repo=${url}`], env);
        expect(snapshots.status, snapshots.stderr).toBe(0);
      } finally {
        await server.stop();
      }
    },
    120_000,
  );
});
