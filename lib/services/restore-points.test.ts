// The read side of restore points on PGlite and PostgreSQL: a real snapshot (made by the backup
// job into a temp repository) is listed, browsed folder by folder in the asset's relative view
// and downloaded file by file; the catalog search finds every version of a file across restore
// points (rows inserted directly), with and without the trigram index.
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogEntries, restorePoints } from "@/db/schema";
import { type TestDatabase, testDatabaseKinds } from "@/db/testing";
import type { Role } from "@/lib/auth/roles";
import { testContext } from "@/lib/auth/testing";
import { runBackupJob } from "@/lib/jobs/kinds/backup";
import { skipWithoutPostgres } from "@/test-support/external";
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
import type { AssetRow } from "./lookup";
import { browseRestorePoint, listRestorePoints, openRestorePointFile, searchCatalog } from "./restore-points";

const noPostgres = await skipWithoutPostgres();

describe.each(testDatabaseKinds)("restore points on $name", ({ name, create }) => {
  const skip = name === "postgres" && noPostgres;
  let t: TestDatabase;
  let work: string;
  let fx: KindsFixture;
  let site: string;
  let asset: AssetRow;
  let pointId: string;
  const ctx = (role: Role = "viewer") => testContext(t.db, role, testSecrets);

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    work = await tempDir();
    fx = await createRepositoryFixture(t, work);
    site = path.join(work, "srv", "site");
    await writeTree(site, {
      "etc/nginx/nginx.conf": "worker_processes 2;\n",
      "index.html": "<h1>hello</h1>\n",
      "assets/app.js": "console.log(1);\n".repeat(5000),
    });
    asset = await createDirectoryAsset(t, site, "site");
    const policy = await createPolicy(t, fx.repositoryId, { keepLast: 10 });
    const run = await runKind(t, runBackupJob, { kind: "backup", assetId: asset.id, policyId: policy.id });
    expect(run.error).toBeUndefined();
    pointId = (run.result as { restorePointId: string }).restorePointId;
  });
  afterAll(async () => {
    await t?.destroy();
    if (work) await removeDir(work);
  });

  it.skipIf(skip)("lists restore points newest first with their drill status", async () => {
    const [first] = await t.db.select().from(restorePoints).where(eq(restorePoints.id, pointId));
    if (!first) throw new Error("the backup left no restore point");
    // An older, verified point of the same asset (a row only: listing reads no snapshot).
    await t.db.insert(restorePoints).values({
      assetId: asset.id,
      repositoryId: fx.repositoryId,
      snapshotId: "0".repeat(64),
      time: new Date(first.time.getTime() - 3_600_000),
      verifiedStatus: "verified",
      verifiedAt: new Date(),
    });
    const points = await listRestorePoints(ctx(), { asset: "site" });
    expect(points.map((p) => [p.id === pointId, p.verifiedStatus])).toEqual([
      [true, "unverified"],
      [false, "verified"],
    ]);
    expect(points[0]).toMatchObject({ asset: "site", repository: "main", fileCount: 3 });
    const older = await listRestorePoints(ctx(), { before: new Date(first.time.getTime() - 1) });
    expect(older).toHaveLength(1);
    // Either ID that `point list` prints names the point, whole or as 8+ leading characters.
    for (const ref of [pointId.slice(0, 8), first.snapshotId.slice(0, 8), pointId]) {
      const found = await browseRestorePoint(ctx(), { restorePoint: ref });
      expect(found.restorePoint).toBe(pointId);
    }
    await expect(browseRestorePoint(ctx(), { restorePoint: pointId.slice(0, 7) })).rejects.toThrow(
      /at least 8 characters/,
    );
  });

  it.skipIf(skip)("browses a folder in the asset's relative view, or by its absolute path", async () => {
    const root = await browseRestorePoint(ctx(), { restorePoint: pointId });
    expect(root.path).toBe(site);
    expect(root.entries.map((e) => [e.name, e.type])).toEqual([
      ["assets", "dir"],
      ["etc", "dir"],
      ["index.html", "file"],
    ]);
    const nginx = await browseRestorePoint(ctx(), { restorePoint: pointId, path: "etc/nginx" });
    expect(nginx.entries).toMatchObject([
      { name: "nginx.conf", type: "file", size: 20, path: `${site}/etc/nginx/nginx.conf` },
    ]);
    const same = await browseRestorePoint(ctx(), { restorePoint: pointId, path: `${site}/etc/nginx` });
    expect(same.entries).toEqual(nginx.entries);
    await expect(browseRestorePoint(ctx(), { restorePoint: pointId, path: "../.." })).rejects.toThrow(
      /not inside/,
    );
    await expect(browseRestorePoint(ctx(), { restorePoint: pointId, path: "nope" })).rejects.toThrow(
      /is not a folder/,
    );
    await expect(browseRestorePoint(ctx(), { restorePoint: "feedbeef" })).rejects.toMatchObject({
      code: "not_found:restore_point",
    });
  });

  it.skipIf(skip)("streams one file of a restore point for a download, to operators", async () => {
    // Files hold secrets (dumps, configuration): a viewer may browse but not download.
    await expect(
      openRestorePointFile(ctx("viewer"), { restorePoint: pointId, path: "assets/app.js" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const file = await openRestorePointFile(ctx("operator"), {
      restorePoint: pointId,
      path: "assets/app.js",
    });
    expect(file).toMatchObject({ name: "app.js", size: 16 * 5000 });
    const chunks: Buffer[] = [];
    for await (const chunk of file.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("console.log(1);\n".repeat(5000));
    await expect(
      openRestorePointFile(ctx("operator"), { restorePoint: pointId, path: "etc" }),
    ).rejects.toThrow(/is not a file/);
    await expect(
      openRestorePointFile(
        { ...ctx(), actor: { ...ctx().actor, role: "nobody" as Role } },
        {
          restorePoint: pointId,
          path: "index.html",
        },
      ),
    ).rejects.toThrow();
  });

  it.skipIf(skip)("search finds every version of a file across restore points, newest first", async () => {
    const other = await createDirectoryAsset(t, path.join(work, "other"), "other");
    const times = ["2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"];
    const ids: string[] = [];
    for (const [i, time] of times.entries()) {
      const [row] = await t.db
        .insert(restorePoints)
        .values({
          assetId: i === 2 ? other.id : asset.id,
          repositoryId: fx.repositoryId,
          snapshotId: `${i + 1}`.repeat(64),
          time: new Date(time),
        })
        .returning();
      ids.push(row.id);
      await t.db.insert(catalogEntries).values([
        { restorePointId: row.id, path: "/etc/nginx/NGINX.conf", type: "file", size: 100 + i },
        { restorePointId: row.id, path: "/etc/nginx/sites/default", type: "file", size: 5 },
        { restorePointId: row.id, path: "/etc/nginx_conf", type: "dir" },
        { restorePointId: row.id, path: "/var/100%.txt", type: "file" },
      ]);
    }
    const search = async (query: string, more: Record<string, unknown> = {}) =>
      (await searchCatalog(ctx(), { query, ...more }))
        .filter((h) => ids.includes(h.restorePointId))
        .map((h) => `${ids.indexOf(h.restorePointId)} ${h.path}`);

    const all = async () => {
      expect(await search("nginx.CONF")).toEqual([
        "2 /etc/nginx/NGINX.conf",
        "1 /etc/nginx/NGINX.conf",
        "0 /etc/nginx/NGINX.conf",
      ]);
      expect(await search("nginx.conf", { asset: "site" })).toEqual([
        "1 /etc/nginx/NGINX.conf",
        "0 /etc/nginx/NGINX.conf",
      ]);
      expect(await search("nginx.conf", { before: "2026-01-15T00:00:00Z" })).toEqual([
        "0 /etc/nginx/NGINX.conf",
      ]);
      // LIKE's wildcards in a query are literal characters.
      expect(await search("100%", { after: "2026-02-15T00:00:00Z" })).toEqual(["2 /var/100%.txt"]);
      expect(await search("nginx_c")).toEqual([
        "2 /etc/nginx_conf",
        "1 /etc/nginx_conf",
        "0 /etc/nginx_conf",
      ]);
    };
    await all();
    // The same answers where pg_trgm is missing (the index is only an accelerator).
    await t.db.execute(sql`drop index if exists catalog_entries_path_trgm_idx`);
    await t.db.execute(sql`drop index if exists catalog_paths_trgm_idx`);
    await all();
    await expect(searchCatalog(ctx(), { query: "  " })).rejects.toMatchObject({ code: "invalid_input" });
  });
});
