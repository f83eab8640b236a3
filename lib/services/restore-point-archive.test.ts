// "Download" of a folder: a real backup made by the backup job, the tar streamed by the service
// and unpacked by the system's tar, compared byte by byte with the folder on disk; crafted
// snapshots (test-support/crafted-repo.ts) whose names climb or repeat are refused before a byte
// is sent; viewers may not download (the same rule as for one file).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restorePoints } from "@/db/schema";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import type { Role } from "@/lib/auth/roles";
import { testContext } from "@/lib/auth/testing";
import { runBackupJob } from "@/lib/jobs/kinds/backup";
import { diffTrees } from "@/test-support/compare-trees";
import { craftedCases, makeOutside, writeCraftedSnapshots } from "@/test-support/crafted-repo";
import {
  createDirectoryAsset,
  createPolicy,
  createRepositoryFixture,
  type KindsFixture,
  runKind,
  testSecrets,
  writeTree,
} from "@/test-support/job-kinds";
import { removeDir, tempDir } from "@/test-support/restic";
import { openRestorePointFolderArchive } from "./restore-point-archive";

/** A tar header holds whole seconds. */
const sameSecond = { mtimeToleranceNs: 1_000_000_000n };

describe("folder download as a tar", () => {
  let t: TestDatabase;
  let work: string;
  let fx: KindsFixture;
  let site: string;
  let pointId: string;
  const ctx = (role: Role = "operator") => testContext(t.db, role, testSecrets);

  beforeAll(async () => {
    t = await createTestPglite();
    work = await tempDir("lifeboat-archive-");
    fx = await createRepositoryFixture(t, work);
    site = path.join(work, "srv", "site");
    await writeTree(site, {
      "etc/nginx/nginx.conf": "worker_processes 2;\n",
      "etc/nginx/sites/default": "server { listen 80; }\n",
      "etc/empty.txt": "",
      // Several chunks: the stream must put the blobs of one file back in order.
      "etc/data/big.bin": randomBytes(5 << 20),
      "etc/name with spaces and ü.txt": "unicode\n",
      "index.html": "<h1>hello</h1>\n",
    });
    await fs.mkdir(path.join(site, "etc", "empty-folder"));
    await fs.symlink("nginx/nginx.conf", path.join(site, "etc", "link-to-conf"));
    const asset = await createDirectoryAsset(t, site, "site");
    const policy = await createPolicy(t, fx.repositoryId, { keepLast: 10 });
    const run = await runKind(t, runBackupJob, { kind: "backup", assetId: asset.id, policyId: policy.id });
    expect(run.error).toBeUndefined();
    pointId = (run.result as { restorePointId: string }).restorePointId;
  }, 60_000);
  afterAll(async () => {
    await t?.destroy();
    if (work) await removeDir(work);
  });

  async function download(ref: string, folder?: string) {
    const archive = await openRestorePointFolderArchive(ctx(), { restorePoint: ref, path: folder });
    const file = path.join(work, `${randomBytes(4).toString("hex")}.tar`);
    await pipeline(archive.stream, createWriteStream(file));
    const out = await fs.mkdtemp(path.join(work, "unpacked-"));
    await promisify(execFile)("tar", ["-xf", file, "-C", out]);
    return { name: archive.name, out, file };
  }

  it("unpacks with tar into the folder's exact bytes, links and empty folders", async () => {
    const { name, out, file } = await download(pointId, "etc");
    expect(name).toBe("etc.tar");
    // Relative names under the folder's own name, nothing else.
    const { stdout } = await promisify(execFile)("tar", ["-tf", file]);
    const names = stdout.trim().split("\n");
    expect(names.every((n) => n === "etc/" || n.startsWith("etc/"))).toBe(true);
    expect(await fs.readdir(out)).toEqual(["etc"]);
    expect(await diffTrees(path.join(site, "etc"), path.join(out, "etc"), sameSecond)).toEqual([]);
    expect(await fs.readlink(path.join(out, "etc", "link-to-conf"))).toBe("nginx/nginx.conf");
    expect((await fs.stat(path.join(out, "etc", "empty-folder"))).isDirectory()).toBe(true);
    // The whole asset folder by default.
    const whole = await download(pointId);
    expect(whole.name).toBe("site.tar");
    expect(await diffTrees(site, path.join(whole.out, "site"), sameSecond)).toEqual([]);
  });

  it("is for operators and up, and only for folders", async () => {
    await expect(
      openRestorePointFolderArchive(ctx("viewer"), { restorePoint: pointId }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      openRestorePointFolderArchive(ctx(), { restorePoint: pointId, path: "index.html" }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      openRestorePointFolderArchive(ctx(), { restorePoint: pointId, path: "../.." }),
    ).rejects.toThrow(/not inside/);
  });

  it("refuses crafted snapshots whose names climb or repeat, before sending anything", async () => {
    const outside = path.join(work, "outside");
    await makeOutside(outside);
    const cases = await craftedCases(outside);
    const ids = await writeCraftedSnapshots(fx.repo, cases);
    const crafted = await createDirectoryAsset(t, "/crafted", "crafted");
    const refs = new Map<string, string>();
    for (const [name, snapshotId] of ids) {
      const [row] = await t.db
        .insert(restorePoints)
        .values({ assetId: crafted.id, repositoryId: fx.repositoryId, snapshotId, time: new Date() })
        .returning();
      refs.set(name, row?.id as string);
    }
    const refused = [
      "climbing-names",
      "link-then-folder",
      "folder-then-link",
      "relative-link-then-folder",
      "nested-relative-link",
      "folder-twice",
      "link-chain",
      "link-then-file",
      "file-then-link",
    ];
    for (const name of refused) {
      await expect(
        openRestorePointFolderArchive(ctx(), { restorePoint: refs.get(name) as string }),
        name,
      ).rejects.toMatchObject({ code: "invalid_input" });
    }
    // A plain folder of the same repository still downloads.
    const plain = await download(refs.get("plain-folder") as string, "d");
    expect(await fs.readFile(path.join(plain.out, "d", "x"), "utf8")).toBe("inside\n");
    expect(await fs.readFile(path.join(outside, "victim.txt"), "utf8")).toBe("untouched\n");
  });
});
