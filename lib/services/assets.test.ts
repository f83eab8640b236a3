import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, repositories, restorePoints } from "@/db/schema";
import { ADMIN_URL, type TestDatabase } from "@/db/testing";
import { addAsset, listAssets, removeAsset, updateAsset } from "./assets";
import { contextFor, databaseKinds, noPostgres, tableCounts, testSecrets } from "./config.fixture";

describe.each(databaseKinds)("assets on $name", ({ create, skip }) => {
  let t: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-assets-"));
    await mkdir(path.join(dir, "etc"));
    await writeFile(path.join(dir, "a-file"), "x");
  });
  afterAll(async () => {
    await t?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)("adds a readable directory with its excludes, audited", async () => {
    const added = await addAsset(contextFor(t), {
      kind: "directory",
      name: "etc",
      path: `${path.join(dir, "etc")}/`,
      excludes: ["*.tmp", "cache/"],
    });
    expect(added).toMatchObject({ kind: "directory", name: "etc", path: path.join(dir, "etc"), host: null });
    expect(added.excludes).toEqual(["*.tmp", "cache/"]);
    const updated = await updateAsset(contextFor(t), { asset: "etc", excludes: ["*.log"] });
    expect(updated.excludes).toEqual(["*.log"]);
  });

  it.skipIf(skip)(
    "refuses a missing path, a file, a relative path and a taken name, changing nothing",
    async () => {
      const before = await tableCounts(t);
      const ctx = contextFor(t);
      const missing = path.join(dir, "nope");
      await expect(addAsset(ctx, { kind: "directory", name: "n", path: missing })).rejects.toThrow(
        `cannot protect the folder: ${missing} does not exist`,
      );
      await expect(
        addAsset(ctx, { kind: "directory", name: "n", path: path.join(dir, "a-file") }),
      ).rejects.toThrow("is not a folder");
      await expect(addAsset(ctx, { kind: "directory", name: "n", path: "etc" })).rejects.toThrow(
        /must be an absolute path/,
      );
      await expect(addAsset(ctx, { kind: "directory", name: "etc", path: dir })).rejects.toThrow(
        'an asset called "etc" already exists',
      );
      expect(await tableCounts(t)).toEqual(before);
    },
  );

  it.skipIf(skip || noPostgres)(
    "adds a database that accepts a connection; the URL is a secret",
    async () => {
      const url = ADMIN_URL.replace("postgres@", "postgres:s3cret-pw@");
      const added = await addAsset(contextFor(t), { kind: "postgres", name: "pg", databaseUrl: url });
      expect(added).toMatchObject({ kind: "postgres", databaseName: "postgres", path: null });
      const [raw] = await t.db.select().from(assets).where(eq(assets.id, added.id));
      expect(raw?.databaseUrlEncrypted).not.toContain("s3cret-pw");
      expect(testSecrets.decrypt(raw?.databaseUrlEncrypted ?? "")).toBe(url);
      expect(JSON.stringify(await listAssets(contextFor(t, "viewer")))).not.toMatch(
        /s3cret|lb1:|databaseUrl/,
      );
    },
  );

  it.skipIf(skip || noPostgres)(
    "refuses a database that refuses the connection, with the reason",
    async () => {
      const before = await tableCounts(t);
      const ctx = contextFor(t);
      await expect(
        addAsset(ctx, { kind: "postgres", name: "x", databaseUrl: "postgres://postgres@127.0.0.1:1/app" }),
      ).rejects.toThrow(/^cannot connect to PostgreSQL: the host 127.0.0.1:1 is unreachable/);
      await expect(
        addAsset(ctx, {
          kind: "postgres",
          name: "x",
          databaseUrl: "postgres://postgres@127.0.0.1:5432/lifeboat_no_such_db",
        }),
      ).rejects.toThrow(
        /^cannot connect to PostgreSQL: the database "lifeboat_no_such_db" does not exist on 127.0.0.1:5432$/,
      );
      await expect(
        addAsset(ctx, {
          kind: "postgres",
          name: "x",
          databaseUrl: "postgres://nobody_here@127.0.0.1:5432/postgres",
        }),
      ).rejects.toThrow(/^cannot connect to PostgreSQL: authentication failed: .*nobody_here/);
      await expect(
        addAsset(ctx, { kind: "postgres", name: "x", databaseUrl: "mysql://h/db" }),
      ).rejects.toThrow(/must be a PostgreSQL URL/);
      expect(await tableCounts(t)).toEqual(before);
    },
  );

  it.skipIf(skip)("only admins change assets", async () => {
    const before = await tableCounts(t);
    for (const role of ["operator", "viewer"] as const) {
      const ctx = contextFor(t, role);
      await expect(addAsset(ctx, { kind: "directory", name: "d", path: dir })).rejects.toThrow(/admin role/);
      await expect(updateAsset(ctx, { asset: "etc", excludes: [] })).rejects.toThrow(/admin role/);
      await expect(removeAsset(ctx, "etc")).rejects.toThrow(/admin role/);
    }
    expect(await tableCounts(t)).toEqual(before);
  });

  it.skipIf(skip)("lists each asset with its newest and newest verified restore point", async () => {
    const ctx = contextFor(t);
    const home = await addAsset(ctx, { kind: "directory", name: "home", path: dir, host: "elsewhere" });
    const [repo] = await t.db
      .insert(repositories)
      .values({ name: "r", url: path.join(dir, "repo"), passwordEncrypted: testSecrets.encrypt("p") })
      .returning();
    const at = (s: string) => new Date(`2026-11-${s}T00:00:00Z`);
    await t.db.insert(restorePoints).values([
      {
        assetId: home.id,
        repositoryId: repo?.id ?? "",
        snapshotId: "a1",
        time: at("01"),
        verifiedStatus: "verified",
      },
      { assetId: home.id, repositoryId: repo?.id ?? "", snapshotId: "a2", time: at("02") },
    ]);
    const listed = await listAssets(contextFor(t, "viewer"));
    const byName = Object.fromEntries(listed.map((a) => [a.name, a]));
    expect(byName.home).toMatchObject({
      host: "elsewhere",
      policies: [],
      newestRestorePointAt: at("02"),
      newestVerifiedAt: at("01"),
    });
    expect(byName.etc).toMatchObject({ newestRestorePointAt: null, newestVerifiedAt: null });

    const before = await tableCounts(t);
    await removeAsset(ctx, "home");
    const after = await tableCounts(t);
    expect(after.assets).toBe(before.assets - 1);
    expect(after.auditEvents).toBe(before.auditEvents + 1);
    await expect(removeAsset(ctx, "home")).rejects.toThrow('No asset is called "home"');
  });
});
