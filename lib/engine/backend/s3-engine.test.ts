// The same round trip as on a local folder, on S3: Lifeboat backs up into an S3-compatible server,
// restores byte-identically, backs up again incrementally and forgets — and restic, through its
// own s3 backend (with its own locks, hence https; see s3-restic-writes.test.ts), checks every
// byte and restores the same tree.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffTrees } from "@/test-support/compare-trees";
import { makeEdgeTree } from "@/test-support/edge-tree";
import { skipWithout, skipWithoutRestic } from "@/test-support/external";
import { removeDir, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { type S3Repository, s3Repository } from "@/test-support/s3-repository";
import { type S3TestServer, startS3Server } from "@/test-support/s3-server";
import { backup } from "../backup";
import { forgetSnapshots } from "../forget";
import { Repository } from "../repository";
import { restore } from "../restore";
import { findSnapshot, listSnapshots } from "../snapshot";

const skip = skipWithoutRestic() || skipWithout("openssl", "apt-get install openssl");
/** Node sets mtimes through a double (a few hundred ns of rounding); symlinks via lutimes, to the microsecond. */
const NODE_MTIME_TOLERANCE = 2000n;

describe.skipIf(skip)("backup, restore and forget on S3", () => {
  let server: S3TestServer;
  let work: string;
  let src: string;
  let repoOnS3: S3Repository;
  beforeAll(async () => {
    server = await startS3Server({ tls: true });
    work = await tempDir("lifeboat-s3-engine-");
    src = path.join(work, "src");
    await makeEdgeTree(src, { bigFileBytes: 20 * 1024 * 1024 });
    repoOnS3 = s3Repository(server, "engine/repo");
  }, 60_000);
  afterAll(async () => {
    repoOnS3?.close();
    await server?.stop();
    await removeDir(work);
  });

  it("backs up into S3 and restores byte-identically; restic checks and restores it too", async () => {
    const repo = await Repository.init(repoOnS3.open(), TEST_PASSWORD, { kdf: TEST_KDF });
    const summary = await backup(repo, [src], { workers: 2 });
    expect(summary.errors).toEqual([]);

    const out = path.join(work, "lifeboat-restore");
    const reopened = await Repository.open(repoOnS3.open(), TEST_PASSWORD);
    const result = await restore(reopened, await findSnapshot(reopened, "latest"), out);
    expect(result.errors).toEqual([]);
    expect(await diffTrees(src, path.join(out, src), { mtimeToleranceNs: NODE_MTIME_TOLERANCE })).toEqual([]);

    expect(await repoOnS3.restic(["check", "--read-data"])).toContain("no errors were found");
    const theirs = path.join(work, "restic-restore");
    await repoOnS3.restic(["restore", "latest", "--target", theirs]);
    expect(await diffTrees(src, path.join(theirs, src))).toEqual([]);
  }, 180_000);

  it("backs up incrementally, forgets the older snapshot, and restic still checks clean", async () => {
    const repo = await Repository.open(repoOnS3.open(), TEST_PASSWORD);
    await fs.appendFile(path.join(src, "plain.txt"), "one more line\n");
    const second = await backup(repo, [src], { workers: 2 });
    expect(second.parent).toBeDefined();
    expect(second.dataBlobs).toBe(1);
    const result = await forgetSnapshots(repo, { last: 1 });
    expect(result.removed).toHaveLength(1);
    expect((await listSnapshots(repo)).map((s) => s.id)).toEqual([second.snapshotId]);
    expect(await repoOnS3.restic(["check", "--read-data"])).toContain("no errors were found");
    const theirs = JSON.parse(await repoOnS3.restic(["snapshots", "--json"])) as { id: string }[];
    expect(theirs.map((s) => s.id)).toEqual([second.snapshotId]);
  }, 180_000);
});
