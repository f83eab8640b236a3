// Repositories beyond a local folder Lifeboat made itself: an S3 bucket (its keys encrypted at
// rest) and a repository the real restic created.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repositories } from "@/db/schema";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import { skipWithoutRestic } from "@/test-support/external";
import { restic } from "@/test-support/restic";
import { S3RVER_CREDENTIALS, type S3TestServer, startS3Server } from "@/test-support/s3-server";
import { contextFor, tableCounts, testSecrets } from "./config.fixture";
import { addRepository, listRepositories, testRepositoryAccess } from "./repositories";

const PASSWORD = "backend test password";
const noRestic = skipWithoutRestic();

describe("repositories on S3 and from restic", () => {
  let t: TestDatabase;
  let server: S3TestServer;
  let dir: string;

  beforeAll(async () => {
    [t, server, dir] = await Promise.all([
      createTestPglite(),
      startS3Server(),
      mkdtemp(path.join(os.tmpdir(), "lifeboat-repo-backends-")),
    ]);
  });
  afterAll(async () => {
    await Promise.all([t?.destroy(), server?.stop(), dir && rm(dir, { recursive: true, force: true })]);
  });

  it("creates an S3 repository with its keys encrypted, and opens it with them", async () => {
    const url = `s3:${server.endpoint}/lifeboat/main`;
    const added = await addRepository(contextFor(t), {
      name: "s3",
      url,
      password: PASSWORD,
      init: true,
      credentials: { ...S3RVER_CREDENTIALS, region: "us-east-1" },
    });
    expect(added).toMatchObject({ name: "s3", url });
    const [raw] = await t.db.select().from(repositories).where(eq(repositories.id, added.id));
    expect(raw?.credentialsEncrypted).not.toContain(S3RVER_CREDENTIALS.secretAccessKey);
    expect(JSON.parse(testSecrets.decrypt(raw?.credentialsEncrypted ?? ""))).toEqual({
      s3: { ...S3RVER_CREDENTIALS, region: "us-east-1" },
    });
    expect(JSON.stringify(await listRepositories(contextFor(t, "viewer")))).not.toContain("S3RVER");
    expect(await testRepositoryAccess(contextFor(t), "s3")).toMatchObject({ ok: true, snapshots: 0 });

    const before = await tableCounts(t);
    await expect(
      addRepository(contextFor(t), {
        name: "s3-bad",
        url,
        password: "nope",
        credentials: S3RVER_CREDENTIALS,
      }),
    ).rejects.toThrow(`wrong password for the repository at ${url}`);
    await expect(
      addRepository(contextFor(t), {
        name: "s3-empty",
        url: `s3:${server.endpoint}/lifeboat/nothing-here`,
        password: PASSWORD,
        credentials: S3RVER_CREDENTIALS,
      }),
    ).rejects.toThrow("no repository there; pass --init to create one");
    expect(await tableCounts(t)).toEqual(before);
  });

  it.skipIf(noRestic)("adds a repository restic created, and restic reads one Lifeboat created", async () => {
    const theirs = path.join(dir, "restic-made");
    expect((await restic(theirs, ["init"], { password: PASSWORD })).code).toBe(0);
    const added = await addRepository(contextFor(t), { name: "theirs", url: theirs, password: PASSWORD });
    expect(added.url).toBe(theirs);

    const ours = path.join(dir, "lifeboat-made");
    await addRepository(contextFor(t), { name: "ours", url: ours, password: PASSWORD, init: true });
    const snapshots = await restic(ours, ["snapshots", "--json"], { password: PASSWORD });
    expect(snapshots).toMatchObject({ code: 0 });
    expect(JSON.parse(snapshots.stdout)).toEqual([]);
  });
});
