// Test support for the job kinds (and the services and CLI tests that need real restore points): a throwaway database, a local repository with cheap key
// derivation, its repositories row, assets and policies, and a hand-built JobRunContext, so each
// handler runs directly, without a worker.
import fs from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { assets, type JobKind, jobs, policies, type Retention, repositories } from "@/db/schema";
import type { TestDatabase } from "@/db/testing";
import { LocalBackend, type Progress, Repository } from "@/lib/engine";
import { enqueueJob } from "@/lib/jobs/enqueue";
import type { JobResult, JobRow, JobRunContext } from "@/lib/jobs/types";
import { createSecretBox } from "@/lib/secrets";
import { TEST_KDF, TEST_PASSWORD } from "./restic";

export const testSecrets = createSecretBox("lifeboat job kinds test secret, long enough to be a key");

export interface KindsFixture {
  t: TestDatabase;
  work: string;
  repoDir: string;
  repo: Repository;
  repositoryId: string;
}

/** A repository folder inside `work` and its row (the default repository). */
export async function createRepositoryFixture(
  t: TestDatabase,
  work: string,
  name = "main",
): Promise<KindsFixture> {
  const repoDir = path.join(work, `repo-${name}`);
  const repo = await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, { kdf: TEST_KDF });
  const [row] = await t.db
    .insert(repositories)
    .values({
      name,
      url: repoDir,
      passwordEncrypted: testSecrets.encrypt(TEST_PASSWORD),
      isDefault: name === "main",
    })
    .returning();
  return { t, work, repoDir, repo, repositoryId: row.id };
}

export async function createDirectoryAsset(t: TestDatabase, dir: string, name = path.basename(dir)) {
  const [row] = await t.db.insert(assets).values({ kind: "directory", name, path: dir }).returning();
  return row;
}

export async function createPostgresAsset(
  t: TestDatabase,
  databaseUrl: string,
  databaseName: string,
  name = databaseName,
) {
  const [row] = await t.db
    .insert(assets)
    .values({ kind: "postgres", name, databaseName, databaseUrlEncrypted: testSecrets.encrypt(databaseUrl) })
    .returning();
  return row;
}

export async function createPolicy(
  t: TestDatabase,
  repositoryId: string,
  retention: Retention = {},
  name = "nightly",
) {
  const [row] = await t.db
    .insert(policies)
    .values({ name, schedule: "0 3 * * *", retention, repositoryId })
    .returning();
  return row;
}

export interface RunOutcome {
  job: JobRow;
  result?: JobResult;
  error?: Error;
  log: string[];
  progress: Progress[];
}

/**
 * Inserts a job row (as enqueueJob does), marks it running as a claim would, and runs `handler`
 * with a JobRunContext built by hand. Errors are returned, not thrown, so tests can inspect them.
 */
export async function runKind(
  t: TestDatabase,
  handler: (ctx: JobRunContext) => Promise<JobResult | undefined>,
  job: { kind: JobKind; params?: Record<string, unknown>; assetId?: string | null; policyId?: string | null },
  opts: { signal?: AbortSignal; attempts?: number; hostname?: string; rerun?: JobRow } = {},
): Promise<RunOutcome> {
  // rerun: the same job row again, as a retry after a killed attempt would run it.
  const queued = opts.rerun ?? (await enqueueJob(t.db, { ...job, source: "cli" }));
  if (!queued) throw new Error("job was not inserted");
  const [row] = await t.db
    .update(jobs)
    .set({ status: "running", attempts: opts.attempts ?? 1, startedAt: new Date() })
    .where(eq(jobs.id, queued.id))
    .returning();
  const log: string[] = [];
  const progress: Progress[] = [];
  const ctx: JobRunContext = {
    db: t.db,
    job: row,
    signal: opts.signal ?? new AbortController().signal,
    secrets: testSecrets,
    hostname: opts.hostname ?? "test-host",
    progress: (p) => progress.push(p),
    log: (line) => log.push(line),
  };
  try {
    return { job: row, result: await handler(ctx), log, progress };
  } catch (error) {
    return { job: row, error: error as Error, log, progress };
  }
}

/** A small folder tree: nested folders, a few files with known content, fixed mtimes. */
export async function writeTree(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
}

/** Flips one byte in the middle of the repository's largest data pack (damage a drill must notice). */
export async function corruptLargestPack(repoDir: string): Promise<string> {
  const dataDir = path.join(repoDir, "data");
  let largest = { file: "", size: -1 };
  for (const sub of await fs.readdir(dataDir)) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue; // an unfinished pack sits beside the fan-out folders
    for (const name of await fs.readdir(path.join(dataDir, sub))) {
      const file = path.join(dataDir, sub, name);
      const { size } = await fs.stat(file);
      if (size > largest.size) largest = { file, size };
    }
  }
  if (!largest.file) throw new Error(`no data pack in ${repoDir}`);
  const bytes = await fs.readFile(largest.file);
  bytes[Math.floor(bytes.length / 3)] ^= 0xff;
  await fs.chmod(largest.file, 0o600);
  await fs.writeFile(largest.file, bytes);
  return largest.file;
}
