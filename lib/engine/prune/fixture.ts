// Test fixtures shared by the prune, check, copy and key tests: small repositories built with
// Lifeboat's own backup from folders that stay unchanged, so any snapshot can be compared later.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { TEST_KDF, TEST_PASSWORD } from "@/test-support/restic";
import { LocalBackend } from "../backend/local";
import { backup } from "../backup";
import { Repository } from "../repository";

export const ROOT = path.resolve(import.meta.dirname, "../../..");
const CLI = path.join(ROOT, "bin/lifeboat.ts");
/** node with tsx's loader in one process, so a SIGKILL reaches the process doing the work. */
export const NODE_ARGS = ["--import", "tsx", CLI];
export const CLI_ENV = { ...process.env, LIFEBOAT_PASSWORD: TEST_PASSWORD, INIT_CWD: "" };

export function lifeboat(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [...NODE_ARGS, ...args], {
    cwd: ROOT,
    env: { ...CLI_ENV, ...env },
    maxBuffer: 64 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

export function spawnLifeboat(args: string[]) {
  return spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, env: CLI_ENV, stdio: "ignore" });
}

/** Files of random bytes (incompressible, one chunk each when below 512 KiB). */
export async function writeRandomFiles(dir: string, names: string[], size: number): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const name of names) await fs.writeFile(path.join(dir, name), randomBytes(size));
}

export async function copyFiles(from: string, to: string, names: string[]): Promise<void> {
  await fs.mkdir(to, { recursive: true });
  for (const name of names) await fs.copyFile(path.join(from, name), path.join(to, name));
}

export const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

export async function createRepo(
  dir: string,
  packSize?: number,
  opts: { chunkerPolynomial?: bigint } = {},
): Promise<Repository> {
  return Repository.init(new LocalBackend(dir), TEST_PASSWORD, { kdf: TEST_KDF, packSize, ...opts });
}

export async function openRepo(dir: string, password = TEST_PASSWORD): Promise<Repository> {
  return Repository.open(new LocalBackend(dir), password);
}

/** One snapshot of one folder; returns its ID. */
export async function snapshotOf(repo: Repository, dir: string, time?: Date): Promise<string> {
  const summary = await backup(repo, [dir], { workers: 1, time, parent: null });
  if (summary.errors.length) throw new Error(`backup of ${dir} failed: ${JSON.stringify(summary.errors)}`);
  return summary.snapshotId;
}

/** Pack and index file names of a local repository, to see what a run changed. */
export async function repoFiles(dir: string): Promise<{ packs: string[]; index: string[] }> {
  const packs: string[] = [];
  for (const sub of await fs.readdir(path.join(dir, "data"))) {
    // Only the fan-out folders: a backup's unfinished pack sits beside them.
    if (/^[0-9a-f]{2}$/.test(sub)) packs.push(...(await fs.readdir(path.join(dir, "data", sub))));
  }
  return { packs: packs.sort(), index: (await fs.readdir(path.join(dir, "index"))).sort() };
}

export function packPath(repoDir: string, packId: string): string {
  return path.join(repoDir, "data", packId.slice(0, 2), packId);
}
