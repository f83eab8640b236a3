// Runs the real restic binary against a repository, for interoperability tests.
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const TEST_PASSWORD = "correct horse battery staple";

/** Cheap scrypt parameters so tests do not spend half a second per key. */
export const TEST_KDF = { N: 1024, r: 8, p: 1 };

export interface ResticResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function restic(
  repo: string,
  args: string[],
  opts: { password?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ResticResult> {
  return new Promise((resolve) => {
    execFile(
      "restic",
      ["--no-cache", "-r", repo, ...args],
      {
        cwd: opts.cwd,
        env: { ...process.env, RESTIC_PASSWORD: opts.password ?? TEST_PASSWORD, ...opts.env },
        maxBuffer: 256 * 1024 * 1024,
        encoding: "buffer",
      },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === "number"
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout: stdout.toString("utf8"), stderr: stderr.toString("utf8") });
      },
    );
  });
}

/** Like restic() but throws with restic's output when it fails. */
export async function resticOk(
  repo: string,
  args: string[],
  opts: Parameters<typeof restic>[2] = {},
): Promise<string> {
  const r = await restic(repo, args, opts);
  if (r.code !== 0) throw new Error(`restic ${args.join(" ")} failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** Raw bytes of `restic cat blob|pack …`, which may not be UTF-8. */
export function resticCatBytes(repo: string, args: string[], password = TEST_PASSWORD): Buffer {
  const r = spawnSync("restic", ["--no-cache", "-r", repo, "cat", ...args], {
    env: { ...process.env, RESTIC_PASSWORD: password },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`restic cat ${args.join(" ")} failed: ${r.stderr.toString()}`);
  return r.stdout;
}

export async function tempDir(prefix = "lifeboat-test-"): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  // Repository files are read-only (0400) like restic's; rm -rf as root handles that.
  await fs.rm(dir, { recursive: true, force: true });
}
