// diagnoseJob on failures produced for real: a backup job runs (the real handler, engine and
// pg_dump) against a folder it may not read, a folder that is gone, a repository locked by a dead
// process of another host, a repository opened with the wrong password, a full small filesystem,
// a database nobody answers for, and an S3 server refusing the keys. The job row is then failed
// the way the worker fails it (error message, log lines), and the diagnosis must name the cause.
// An S3 server that accepts connections and never answers is a real socket here, met with a short
// idle timeout (a job would wait the default 60 s five times). pg_dump's version mismatch cannot be
// produced (one PostgreSQL major version is installed): it is checked against pg_dump's words.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, repositories } from "@/db/schema";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import { testContext } from "@/lib/auth/testing";
import { LocalBackend, Repository } from "@/lib/engine";
import { S3Backend } from "@/lib/engine/backend/s3";
import { formatGoTime } from "@/lib/engine/time";
import { runBackupJob } from "@/lib/jobs/kinds/backup";
import { runCli } from "@/test-support/cli";
import { skipWithoutPostgres } from "@/test-support/external";
import {
  createDirectoryAsset,
  createPolicy,
  createPostgresAsset,
  createRepositoryFixture,
  type KindsFixture,
  runKind,
  testSecrets,
} from "@/test-support/job-kinds";
import { removeDir, TEST_KDF, tempDir } from "@/test-support/restic";
import { S3RVER_CREDENTIALS, type S3TestServer, startS3Server } from "@/test-support/s3-server";
import { classifyFailure, diagnoseJob } from "./diagnosis";

const noPostgres = await skipWithoutPostgres();
const isRoot = process.getuid?.() === 0;

let t: TestDatabase;
let work: string;
let fx: KindsFixture;

beforeAll(async () => {
  t = await createTestPglite();
  work = await tempDir();
  fx = await createRepositoryFixture(t, work);
});
afterAll(async () => {
  await t?.destroy();
  if (work) await removeDir(work);
});

/** Runs a real backup of `assetId` into `repositoryId`, fails the row as the worker does, diagnoses it. */
async function failAndDiagnose(assetId: string, repositoryId = fx.repositoryId) {
  const policy = await createPolicy(
    t,
    repositoryId,
    { keepLast: 1 },
    `p-${Math.random().toString(36).slice(2)}`,
  );
  const run = await runKind(t, runBackupJob, { kind: "backup", assetId, policyId: policy.id });
  expect(run.error, "the backup was meant to fail").toBeDefined();
  await t.db
    .update(jobs)
    .set({ status: "failed", error: run.error?.message, log: run.log.join("\n"), finishedAt: new Date() })
    .where(eq(jobs.id, run.job.id));
  const d = await diagnoseJob(testContext(t.db, "viewer", testSecrets), { job: run.job.id });
  return d;
}

async function folder(name: string, files: Record<string, string> = { "a.txt": "a" }) {
  const dir = path.join(work, name);
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text);
  }
  return dir;
}

describe("diagnoseJob on real failures", () => {
  it("source missing: the folder is gone", async () => {
    const dir = await folder("gone");
    const asset = await createDirectoryAsset(t, dir, "gone");
    await fs.rm(dir, { recursive: true });
    const d = await failAndDiagnose(asset.id);
    expect(d.cause).toBe("source_missing");
    expect(d.suggestedCall).toEqual({ toolName: "runBackup", input: { asset: "gone" } });
  });

  it("permission denied: a folder this process may not read", async () => {
    const dir = await folder("private");
    await fs.chmod(dir, 0o000);
    const asset = await createDirectoryAsset(t, dir, "private");
    try {
      // Root reads anything: the job then runs as nobody, as a worker without rights would.
      if (isRoot) {
        const nobody = Number(execFileSync("id", ["-u", "nobody"]).toString());
        const out = execFileSync(process.execPath, [
          "-e",
          `process.setuid(${nobody}); try { require("fs").readdirSync(${JSON.stringify(dir)}) } catch (e) { process.stdout.write(e.message) }`,
        ]).toString();
        const [job] = await t.db
          .insert(jobs)
          .values({
            kind: "backup",
            status: "failed",
            assetId: asset.id,
            source: "schedule",
            error: out,
            finishedAt: new Date(),
          })
          .returning();
        expect(out).toMatch(/EACCES/);
        const d = await diagnoseJob(testContext(t.db, "viewer", testSecrets), { job: job?.id });
        expect(d.cause).toBe("permission_denied");
      } else {
        expect((await failAndDiagnose(asset.id)).cause).toBe("permission_denied");
      }
    } finally {
      await fs.chmod(dir, 0o755);
    }
  });

  it("stale lock: an exclusive lock of a dead process on another host", async () => {
    const dir = await folder("locked");
    const asset = await createDirectoryAsset(t, dir, "locked");
    const old = new Date(Date.now() - 2 * 3_600_000);
    await fx.repo.saveUnpacked(
      "locks",
      JSON.stringify({
        time: formatGoTime(old),
        exclusive: true,
        hostname: "old-host",
        username: "root",
        pid: 4242,
      }),
    );
    const d = await failAndDiagnose(asset.id);
    expect(d.cause).toBe("stale_lock");
    expect(d.evidence).toMatch(/locked/);
    for await (const lock of fx.repo.backend.list("locks")) await fx.repo.backend.remove("locks", lock.name);
  });

  it("wrong repository password", async () => {
    const dir = await folder("pw");
    const asset = await createDirectoryAsset(t, dir, "pw");
    const [row] = await t.db
      .insert(repositories)
      .values({
        name: "wrong-pw",
        url: fx.repoDir,
        passwordEncrypted: testSecrets.encrypt("not the password"),
      })
      .returning();
    expect((await failAndDiagnose(asset.id, row?.id)).cause).toBe("wrong_password");
  });

  // The engine's backup runs in a CLI process here: when the disk fills, one of its pack writes
  // rejects without a handler (reported separately), which would fail this test file in-process.
  it.skipIf(!isRoot)("disk full: a repository on a 1 MiB filesystem", async () => {
    const mount = path.join(work, "tiny");
    await fs.mkdir(mount);
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mount]);
    try {
      const repoDir = path.join(mount, "repo");
      await Repository.init(new LocalBackend(repoDir), "pw", { kdf: TEST_KDF });
      const dir = await folder("big", {});
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, "random.bin"), randomBytes(4 * 1024 * 1024));
      const asset = await createDirectoryAsset(t, dir, "big");
      const run = await runCli(["backup", "--repo", repoDir, dir], {
        ...process.env,
        LIFEBOAT_PASSWORD: "pw",
      });
      expect(run.code).not.toBe(0);
      const [job] = await t.db
        .insert(jobs)
        .values({
          kind: "backup",
          status: "failed",
          assetId: asset.id,
          source: "schedule",
          error: run.stderr.trim().split("\n").at(-1),
          log: run.stderr,
          finishedAt: new Date(),
        })
        .returning();
      const d = await diagnoseJob(testContext(t.db, "viewer", testSecrets), { job: job?.id });
      expect(d.cause, run.stderr).toBe("disk_full");
    } finally {
      execFileSync("umount", ["-l", mount]);
    }
  });

  it.skipIf(noPostgres)("database unreachable: nothing listens where the asset points", async () => {
    const asset = await createPostgresAsset(t, "postgres://postgres@127.0.0.1:1/shop", "shop");
    expect((await failAndDiagnose(asset.id)).cause).toBe("database_unreachable");
  });

  describe("S3", () => {
    let s3: S3TestServer | undefined;
    beforeAll(async () => {
      s3 = await startS3Server().catch(() => undefined);
    });
    afterAll(async () => {
      await s3?.stop();
    });

    it("refused credentials", async (test) => {
      if (!s3) return test.skip();
      const url = `s3:${s3.endpoint}/diag-bucket/repo`;
      const { openBackend } = await import("@/lib/engine");
      await Repository.init(openBackend(url, { s3: S3RVER_CREDENTIALS }), "pw", { kdf: TEST_KDF });
      const [row] = await t.db
        .insert(repositories)
        .values({
          name: "s3-wrong-keys",
          url,
          passwordEncrypted: testSecrets.encrypt("pw"),
          credentialsEncrypted: testSecrets.encrypt(
            JSON.stringify({ s3: { accessKeyId: "WRONGKEY", secretAccessKey: "wrong-secret" } }),
          ),
        })
        .returning();
      const dir = await folder("s3src");
      const asset = await createDirectoryAsset(t, dir, "s3src");
      expect((await failAndDiagnose(asset.id, row?.id)).cause).toBe("s3_credentials");
    });
  });
});

describe("an S3 server that never answers", () => {
  it("is diagnosed as an S3 timeout from the error the backend really raises", async () => {
    const silent = net.createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    const backend = new S3Backend({
      endpoint: `http://127.0.0.1:${port}`,
      bucket: "silent",
      ...S3RVER_CREDENTIALS,
      retry: { attempts: 1, baseDelayMs: 1 },
      idleTimeoutMs: 200,
    });
    try {
      const error = await backend.stat("config", "").then(
        () => new Error("the silent server answered"),
        (e: Error) => e,
      );
      expect(classifyFailure(error.message, "").rule?.cause).toBe("s3_timeout");
    } finally {
      backend.close();
      silent.close();
    }
  });
});

describe("the words of failures that cannot be produced on this machine", () => {
  it("pg_dump older than the server", () => {
    const log =
      "pg_dump: error: aborting because of server version mismatch\npg_dump: detail: server version: 17.2; pg_dump version: 15.20";
    expect(classifyFailure("pg_dump exited with code 1", log).rule?.cause).toBe("pg_dump_version_mismatch");
  });
  it("S3 request timeout", () => {
    expect(
      classifyFailure(
        "RequestTimeout: Your socket connection to the server was not read from or written to within the timeout period.",
        "",
      ).rule?.cause,
    ).toBe("s3_timeout");
    expect(classifyFailure("connect ETIMEDOUT 10.0.0.5:9000", "").rule?.cause).toBe("s3_timeout");
  });
});
