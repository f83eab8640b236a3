// A repository written by Lifeboat into an S3-compatible server (s3rver on loopback) must be
// readable by restic's own s3 backend, byte for byte.
//
// restic is run with --no-lock: restic 0.14's minio-go uploads over plain http with
// aws-chunked streaming signatures, which s3rver accepts but stores undecoded (chunk headers
// and all), so any file restic itself writes there (its lock files) would be corrupt.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, resticOk, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { S3RVER_CREDENTIALS, type S3TestServer, startS3Server } from "@/test-support/s3-server";
import { forgetSnapshots } from "../forget";
import { nodeFromLstat } from "../node";
import { Repository } from "../repository";
import { listSnapshots, saveSnapshot } from "../snapshot";
import { serializeTree } from "../tree";
import { openBackend } from "./open-backend";
import { S3Backend } from "./s3";

const BLOB = 4 * 1024 * 1024;

describe.skipIf(skipWithoutRestic())("S3 repositories restic can read", () => {
  let server: S3TestServer;
  let work: string;
  let url: string;
  let content: Buffer;
  const snapshotIds: string[] = [];
  const env = () => ({
    ...process.env,
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    TZ: "UTC",
  });
  const restic = (args: string[]) => resticOk(url, ["--no-lock", ...args], { env: env() });

  beforeAll(async () => {
    server = await startS3Server();
    work = await tempDir("lifeboat-s3-");
    url = `s3:${server.endpoint}/lifeboat/repos/one`;
    content = randomBytes(3 * BLOB + 12345);
    await fs.writeFile(path.join(work, "payload.bin"), content);

    const backend = openBackend(url, { s3: S3RVER_CREDENTIALS }) as S3Backend;
    const repo = await Repository.init(backend, TEST_PASSWORD, { kdf: TEST_KDF }); // creates the bucket
    const ids: string[] = [];
    for (let off = 0; off < content.length; off += BLOB) {
      ids.push((await repo.saveBlob("data", content.subarray(off, off + BLOB))).id);
    }
    const node = { ...(await nodeFromLstat(path.join(work, "payload.bin"), "payload.bin")), content: ids };
    const { id: tree } = await repo.saveBlob("tree", serializeTree([node]));
    await repo.flush();
    for (const time of ["2026-03-01T10:00:00Z", "2026-03-02T10:00:00+02:00"]) {
      snapshotIds.push(
        await saveSnapshot(repo, { time, tree, paths: [work], hostname: "s3host", username: "lifeboat" }),
      );
    }
    backend.close();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await removeDir(work);
  });

  it("lays the files out as restic does under the prefix, one pack uploaded in parts", async () => {
    const backend = new S3Backend({
      endpoint: server.endpoint,
      bucket: "lifeboat",
      prefix: "repos/one",
      ...S3RVER_CREDENTIALS,
    });
    const packs = [];
    for await (const f of backend.list("data")) packs.push(f);
    expect(packs.some((p) => p.size > 8 * 1024 * 1024)).toBe(true);
    const stored = await fs.readdir(path.join(server.directory, "lifeboat", "repos", "one"));
    expect(stored.filter((n) => !n.startsWith("config.")).sort()).toEqual([
      "data",
      "index",
      "keys",
      "snapshots",
    ]);
    backend.close();
  });

  it("restic lists the snapshots and checks every byte", async () => {
    const listed = JSON.parse(await restic(["snapshots", "--json"])) as { id: string; hostname: string }[];
    expect(listed.map((s) => s.id).sort()).toEqual([...snapshotIds].sort());
    expect(listed.every((s) => s.hostname === "s3host")).toBe(true);
    const out = await restic(["check", "--read-data"]);
    expect(out).toMatch(/no errors were found/);
  }, 120_000);

  it("restic restores the file byte-identically", async () => {
    const target = path.join(work, "restored");
    await restic(["restore", "latest", "--target", target]);
    const restored = await fs.readFile(path.join(target, "payload.bin"));
    expect(restored.equals(content)).toBe(true);
  }, 120_000);

  it("Lifeboat reopens it, and forget on S3 leaves what restic then sees", async () => {
    const backend = openBackend(url, { s3: S3RVER_CREDENTIALS }) as S3Backend;
    const repo = await Repository.open(backend, TEST_PASSWORD);
    await repo.loadIndex();
    const snapshots = await listSnapshots(repo);
    expect(snapshots).toHaveLength(2);
    const result = await forgetSnapshots(repo, { last: 1 });
    expect(result.removed).toEqual([snapshots[0].id]);
    backend.close();
    const listed = JSON.parse(await restic(["snapshots", "--json"])) as { id: string }[];
    expect(listed.map((s) => s.id)).toEqual([snapshots[1].id]);
    expect(await restic(["check"])).toMatch(/no errors were found/);
  }, 120_000);
});
