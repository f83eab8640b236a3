// The small folder the directory-source tests back up: a config file, a random 300 kB page with
// an old mtime, an executable with mode 0750, and what the excludes leave out (a log, a cache).
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { LocalBackend, Repository } from "@/lib/engine";
import { TEST_KDF, TEST_PASSWORD } from "@/test-support/restic";
import type { DirectorySource } from "../types";

export interface SiteFixture {
  work: string;
  repoDir: string;
  repo: Repository;
  source: DirectorySource;
  cleanup: () => Promise<void>;
}

export async function makeSite(): Promise<SiteFixture> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-src-"));
  const repoDir = path.join(work, "repo");
  const repo = await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, { kdf: TEST_KDF });
  const root = path.join(work, "site");
  await fs.mkdir(path.join(root, "conf/nginx"), { recursive: true });
  await fs.mkdir(path.join(root, "cache"), { recursive: true });
  await fs.writeFile(path.join(root, "conf/nginx/nginx.conf"), "worker_processes 2;\n");
  await fs.writeFile(path.join(root, "index.html"), randomBytes(300_000));
  await fs.writeFile(path.join(root, "run.sh"), "#!/bin/sh\necho hi\n", { mode: 0o750 });
  await fs.writeFile(path.join(root, "cache/big.tmp"), "scratch");
  await fs.writeFile(path.join(root, "debug.log"), "noise");
  const then = new Date("2024-05-01T10:00:00Z");
  await fs.utimes(path.join(root, "index.html"), then, then);
  return {
    work,
    repoDir,
    repo,
    source: { kind: "directory", path: root, excludes: ["*.log", "cache/"] },
    cleanup: () => fs.rm(work, { recursive: true, force: true }),
  };
}

export const backupOpts = { hostname: "test-host", tags: ["lifeboat", "asset:test"] };

/** Flips one byte of the largest data pack: at least one file's chunk no longer authenticates. */
export async function corruptLargestPack(repoDir: string): Promise<void> {
  const dataDir = path.join(repoDir, "data");
  const packs = (await fs.readdir(dataDir, { recursive: true })).filter((p) => /[0-9a-f]{64}$/.test(p));
  const sizes = await Promise.all(packs.map(async (p) => (await fs.stat(path.join(dataDir, p))).size));
  const biggest = path.join(dataDir, packs[sizes.indexOf(Math.max(...sizes))] as string);
  const bytes = await fs.readFile(biggest);
  bytes[100] = (bytes[100] as number) ^ 0xff;
  await fs.chmod(biggest, 0o600);
  await fs.writeFile(biggest, bytes);
}
