// The catalog on both databases: a snapshot's entries land as rows with the absolute original
// paths (the asset's folder and below, not its parents), in batches smaller than the tree; every
// version of one file across restore points is one query; deleting a point takes its rows along.
import fs from "node:fs/promises";
import path from "node:path";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertRestorePoint } from "@/db/records/restore-points";
import { catalogEntries, restorePoints } from "@/db/schema";
import { type TestDatabase, testDatabaseKinds } from "@/db/testing";
import { backup, loadSnapshot } from "@/lib/engine";
import { skipWithoutPostgres } from "@/test-support/external";
import {
  createDirectoryAsset,
  createRepositoryFixture,
  type KindsFixture,
  writeTree,
} from "@/test-support/job-kinds";
import { removeDir, tempDir } from "@/test-support/restic";
import { catalogSnapshot } from "./catalog";

const noPostgres = await skipWithoutPostgres();

describe.each(testDatabaseKinds)("catalog on $name", ({ name, create }) => {
  let t: TestDatabase;
  let work: string;
  let fx: KindsFixture;
  const skip = name === "postgres" && noPostgres;

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    work = await tempDir();
    fx = await createRepositoryFixture(t, work);
  });
  afterAll(async () => {
    await t?.destroy();
    if (work) await removeDir(work);
  });

  it.skipIf(skip)(
    "records every entry under the asset with its absolute path, type, size and mtime",
    async () => {
      const site = path.join(work, "srv", "site");
      const asset = await createDirectoryAsset(t, site);
      const files: Record<string, string> = { "etc/nginx/nginx.conf": "v1\n", "index.html": "<h1>1</h1>" };
      for (let i = 0; i < 25; i++) files[`logs/day${i}.log`] = `line ${i}\n`;
      await writeTree(site, files);
      await fs.symlink("index.html", path.join(site, "home.html"));
      const mtime = new Date("2026-03-04T05:06:07.000Z");
      await fs.utimes(path.join(site, "index.html"), mtime, mtime);

      const points = [];
      for (const version of ["v1\n", "version two\n"]) {
        await fs.writeFile(path.join(site, "etc/nginx/nginx.conf"), version);
        const summary = await backup(fx.repo, [site]);
        const point = await insertRestorePoint(t.db, {
          assetId: asset.id,
          repositoryId: fx.repositoryId,
          snapshotId: summary.snapshotId,
          time: new Date(),
          sizeBytes: 0,
          fileCount: 0,
          bytesAdded: 0,
          warnings: [],
          jobId: null,
        });
        // A batch of 7 makes the tree span several INSERTs, ending with a partial one.
        const n = await catalogSnapshot(
          t.db,
          fx.repo,
          await loadSnapshot(fx.repo, summary.snapshotId),
          point.id,
          {
            batch: 7,
          },
        );
        // site, etc, etc/nginx, logs, 25 logs, nginx.conf, index.html, home.html
        expect(n).toBe(32);
        points.push(point);
      }

      const rows = await t.db
        .select()
        .from(catalogEntries)
        .where(eq(catalogEntries.restorePointId, points[0].id))
        .orderBy(asc(catalogEntries.path));
      expect(rows).toHaveLength(32);
      expect(rows[0].path).toBe(site); // the asset folder itself, nothing above it
      const byPath = new Map(rows.map((r) => [r.path, r]));
      expect(byPath.get(`${site}/etc/nginx`)?.type).toBe("dir");
      expect(byPath.get(`${site}/home.html`)?.type).toBe("symlink");
      expect(byPath.get(`${site}/index.html`)).toMatchObject({ type: "file", size: 10, mtime });
      expect(byPath.get(`${site}/etc/nginx/nginx.conf`)).toMatchObject({ type: "file", size: 3 });

      // "Every version of nginx.conf": one query over the catalog, joined to the points' times.
      const versions = await t.db
        .select({ point: restorePoints.id, size: catalogEntries.size })
        .from(catalogEntries)
        .innerJoin(restorePoints, eq(restorePoints.id, catalogEntries.restorePointId))
        .where(
          and(eq(restorePoints.assetId, asset.id), sql`lower(${catalogEntries.path}) like ${"%/nginx.conf"}`),
        )
        .orderBy(asc(restorePoints.time));
      expect(versions).toEqual([
        { point: points[0].id, size: 3 },
        { point: points[1].id, size: 12 },
      ]);

      // Cataloguing again (a retried job) replaces the rows instead of doubling them.
      await catalogSnapshot(t.db, fx.repo, await loadSnapshot(fx.repo, points[0].snapshotId), points[0].id);
      const [{ n: again }] = await t.db
        .select({ n: count() })
        .from(catalogEntries)
        .where(eq(catalogEntries.restorePointId, points[0].id));
      expect(again).toBe(32);

      await t.db.delete(restorePoints).where(eq(restorePoints.id, points[0].id));
      const [{ n: left }] = await t.db.select({ n: count() }).from(catalogEntries);
      expect(left).toBe(32);
    },
  );
});
