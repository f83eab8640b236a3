import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, repositories } from "@/db/schema";
import type { TestDatabase } from "@/db/testing";
import { openRepositoryRow } from "@/lib/jobs/open-repository";
import { contextFor, databaseKinds, tableCounts, testSecrets } from "./config.fixture";
import {
  addRepository,
  listRepositories,
  removeRepository,
  setDefaultRepository,
  testRepositoryAccess,
} from "./repositories";
import { ensureDefaultRepository } from "./repositories-default";

const PASSWORD = "repository password 1";

describe.each(databaseKinds)("repositories on $name", ({ create, skip }) => {
  let t: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-repos-"));
  });
  afterAll(async () => {
    await t?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)("creates with init, stores the password encrypted and never returns it", async () => {
    const url = path.join(dir, "main");
    const added = await addRepository(contextFor(t), { name: "main", url, password: PASSWORD, init: true });
    expect(added).toMatchObject({ name: "main", url, isDefault: true });
    expect(Object.keys(added)).not.toContain("passwordEncrypted");
    expect((await stat(path.join(url, "config"))).isFile()).toBe(true);

    const [raw] = await t.db.select().from(repositories).where(eq(repositories.id, added.id));
    expect(raw?.passwordEncrypted).not.toContain(PASSWORD);
    expect(testSecrets.decrypt(raw?.passwordEncrypted ?? "")).toBe(PASSWORD);
    // The stored row opens the repository the way jobs will.
    await expect(openRepositoryRow(raw as never, testSecrets)).resolves.toBeTruthy();

    const listed = await listRepositories(contextFor(t, "viewer"));
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toMatch(/password|credentials|lb1:/i);
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(
      ["createdAt", "id", "isDefault", "lastCheckedAt", "lastPrunedAt", "name", "sizeBytes", "url"].sort(),
    );
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "repository.create"));
    expect(event).toMatchObject({ target: added.id, source: "ui" });
    expect(JSON.stringify(event?.details)).not.toContain(PASSWORD);
  });

  it.skipIf(skip)(
    "opens an existing repository with the right password; a wrong one changes nothing",
    async () => {
      const url = path.join(dir, "main");
      const before = await tableCounts(t);
      await expect(
        addRepository(contextFor(t), { name: "again", url, password: "not the password" }),
      ).rejects.toThrow(`wrong password for the repository at ${url}`);
      expect(await tableCounts(t)).toEqual(before);

      const second = await addRepository(contextFor(t), { name: "same-place", url, password: PASSWORD });
      expect(second.isDefault).toBe(false);
      await removeRepository(contextFor(t), "same-place");
    },
  );

  it.skipIf(skip)(
    "refuses an empty location without --init, an init over a repository, a bad URL",
    async () => {
      const empty = path.join(dir, "empty");
      await mkdir(empty);
      const before = await tableCounts(t);
      const ctx = contextFor(t);
      await expect(addRepository(ctx, { name: "x", url: empty, password: PASSWORD })).rejects.toThrow(
        "no repository there",
      );
      await expect(addRepository(ctx, { name: "x", url: empty, password: PASSWORD })).rejects.toThrow(
        "no repository there; pass --init to create one",
      );
      await expect(
        addRepository(ctx, { name: "x", url: path.join(dir, "main"), password: PASSWORD, init: true }),
      ).rejects.toThrow("a repository already exists");
      await expect(
        addRepository(ctx, { name: "x", url: "ftp://host/x", password: PASSWORD }),
      ).rejects.toThrow(/url: repository type "ftp" is not supported/);
      await expect(
        addRepository(ctx, { name: "x", url: "s3:http://127.0.0.1:1/bucket", password: PASSWORD }),
      ).rejects.toThrow("an S3 repository needs an access key ID");
      await expect(
        addRepository(ctx, { name: "main", url: path.join(dir, "other"), password: PASSWORD, init: true }),
      ).rejects.toThrow('a repository called "main" already exists');
      expect(await tableCounts(t)).toEqual(before);
      expect(await readdir(empty)).toEqual([]);
    },
  );

  it.skipIf(skip)("only admins change repositories; viewers list and test them", async () => {
    const before = await tableCounts(t);
    const url = path.join(dir, "forbidden");
    for (const role of ["operator", "viewer"] as const) {
      await expect(
        addRepository(contextFor(t, role), { name: "f", url, password: PASSWORD, init: true }),
      ).rejects.toThrow(/needs the admin role/);
      await expect(removeRepository(contextFor(t, role), "main")).rejects.toThrow(/needs the admin role/);
      await expect(setDefaultRepository(contextFor(t, role), "main")).rejects.toThrow(/needs the admin role/);
    }
    expect(await tableCounts(t)).toEqual(before);
    await expect(stat(url)).rejects.toThrow();
    const result = await testRepositoryAccess(contextFor(t, "viewer"), "main");
    expect(result).toEqual({ ok: true, name: "main", url: path.join(dir, "main"), snapshots: 0 });
  });

  it.skipIf(skip)("reports a repository that no longer opens, and moves the default", async () => {
    const url = path.join(dir, "doomed");
    await addRepository(contextFor(t), {
      name: "doomed",
      url,
      password: PASSWORD,
      init: true,
      isDefault: true,
    });
    expect((await listRepositories(contextFor(t))).filter((r) => r.isDefault).map((r) => r.name)).toEqual([
      "doomed",
    ]);
    await rm(url, { recursive: true });
    const result = await testRepositoryAccess(contextFor(t), "doomed");
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/no repository there/);
    await setDefaultRepository(contextFor(t), "main");
    expect((await listRepositories(contextFor(t))).filter((r) => r.isDefault).map((r) => r.name)).toEqual([
      "main",
    ]);
    await removeRepository(contextFor(t), "doomed");
    expect((await listRepositories(contextFor(t))).map((r) => r.name)).toEqual(["main"]);
  });
});

describe.each(databaseKinds)("the embedded default repository on $name", ({ create, skip }) => {
  let t: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    if (skip) return;
    t = await create();
    dataDir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-default-repo-"));
  });
  afterAll(async () => {
    await t?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it.skipIf(skip)("is created once in the data folder with a generated, encrypted password", async () => {
    const ctx = contextFor(t);
    const [first, second] = await Promise.all([
      ensureDefaultRepository(ctx, { dataDir }),
      ensureDefaultRepository(ctx, { dataDir }),
    ]);
    expect(first?.id).toBe(second?.id);
    expect(first).toMatchObject({ name: "default", url: path.join(dataDir, "repo"), isDefault: true });
    expect((await stat(path.join(dataDir, "repo", "config"))).isFile()).toBe(true);
    expect(await testRepositoryAccess(ctx, "default")).toMatchObject({ ok: true });
    expect((await listRepositories(ctx)).length).toBe(1);
    await expect(ensureDefaultRepository(contextFor(t, "operator"), { dataDir })).rejects.toThrow(/admin/);
  });
});
