// prune and check on S3 (s3rver over TLS, as restic's own locks need it): Lifeboat prunes a
// bucket-backed repository, its check reads every byte back, and restic's s3 backend agrees.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffTrees } from "@/test-support/compare-trees";
import { skipWithout, skipWithoutRestic } from "@/test-support/external";
import { removeDir, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { type S3Repository, s3Repository } from "@/test-support/s3-repository";
import { type S3TestServer, startS3Server } from "@/test-support/s3-server";
import { check } from "./check";
import { prune } from "./prune";
import { copyFiles, names, snapshotOf, writeRandomFiles } from "./prune/fixture";
import { Repository } from "./repository";

const skip = skipWithoutRestic() || skipWithout("openssl", "apt-get install openssl");
const KiB = 1024;

describe.skipIf(skip)("prune and check on S3", () => {
  let server: S3TestServer;
  let work: string;
  let repoOnS3: S3Repository;
  beforeAll(async () => {
    server = await startS3Server({ tls: true });
    work = await tempDir("lifeboat-s3-prune-");
    repoOnS3 = s3Repository(server, "maintenance/repo");
  }, 60_000);
  afterAll(async () => {
    repoOnS3?.close();
    await server?.stop();
    await removeDir(work);
  });

  it("prunes a forgotten snapshot's data; Lifeboat's and restic's check --read-data pass", async () => {
    const v1 = path.join(work, "v1");
    const v2 = path.join(work, "v2");
    await writeRandomFiles(v1, names("f", 30), 24 * KiB);
    await copyFiles(v1, v2, names("f", 15));
    await writeRandomFiles(v2, names("g", 5), 24 * KiB);
    const repo = await Repository.init(repoOnS3.open(), TEST_PASSWORD, {
      kdf: TEST_KDF,
      packSize: 128 * KiB,
    });
    const old = await snapshotOf(repo, v1);
    const kept = await snapshotOf(repo, v2);
    await repoOnS3.restic(["forget", old]);

    const result = await prune(await Repository.open(repoOnS3.open(), TEST_PASSWORD), {
      packSize: 128 * KiB,
    });
    expect(result.removedPacks.length + result.repackedPacks.length).toBeGreaterThan(0);
    const ours = await check(await Repository.open(repoOnS3.open(), TEST_PASSWORD), { readData: true });
    expect(ours.errors).toEqual([]);
    expect(ours.orphanedPacks).toEqual([]);
    expect(await repoOnS3.restic(["check", "--read-data"])).toContain("no errors were found");
    const out = path.join(work, "restored");
    await repoOnS3.restic(["restore", kept, "--target", out]);
    expect(await diffTrees(v2, path.join(out, v2))).toEqual([]);
  }, 180_000);
});
