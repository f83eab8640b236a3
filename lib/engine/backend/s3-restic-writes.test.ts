// The other direction: restic backs up into an S3-compatible server and Lifeboat reads every
// blob of it, then forgets over S3 while restic's own locking and check --read-data stay happy.
// The server speaks https (self-signed): over plain http restic's uploads are aws-chunked,
// which s3rver stores undecoded.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithout, skipWithoutRestic } from "@/test-support/external";
import { removeDir, resticOk, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { S3RVER_CREDENTIALS, type S3TestServer, startS3Server } from "@/test-support/s3-server";
import { forgetSnapshots } from "../forget";
import { Repository } from "../repository";
import { listSnapshots } from "../snapshot";
import { openBackend } from "./open-backend";
import type { S3Backend } from "./s3";

const skip = skipWithoutRestic() || skipWithout("openssl", "apt-get install openssl");

describe.skipIf(skip)("S3 repositories written by restic", () => {
  let server: S3TestServer;
  let work: string;
  let url: string;
  const env = () => ({
    ...process.env,
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    TZ: "UTC",
  });
  const restic = (args: string[]) =>
    resticOk(url, ["--cacert", server.caCertificateFile as string, ...args], { env: env(), cwd: work });
  const open = () =>
    openBackend(url, { s3: { ...S3RVER_CREDENTIALS, caCertificate: server.caCertificate } }) as S3Backend;

  beforeAll(async () => {
    server = await startS3Server({ tls: true });
    work = await tempDir("lifeboat-s3-restic-");
    url = `s3:${server.endpoint}/from-restic/repo`;
    await fs.mkdir(path.join(work, "src"));
    await fs.writeFile(path.join(work, "src", "random.bin"), randomBytes(2 * 1024 * 1024));
    await fs.writeFile(path.join(work, "src", "text.txt"), "lifeboat\n".repeat(50_000));
    await restic(["init"]);
    await restic(["backup", "--time", "2026-04-01 10:00:00", "src"]);
    await fs.appendFile(path.join(work, "src", "text.txt"), "one more line\n");
    await restic(["backup", "--time", "2026-04-02 10:00:00", "src"]);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await removeDir(work);
  });

  it("Lifeboat opens it over https and every indexed blob decrypts to its ID", async () => {
    const backend = open();
    const repo = await Repository.open(backend, TEST_PASSWORD);
    await repo.loadIndex();
    let blobs = 0;
    for (const packs of repo.index.files.values()) {
      for (const pack of packs) {
        for (const b of pack.blobs) {
          await repo.loadBlob(b.type, b.id); // throws unless the SHA-256 matches
          blobs++;
        }
      }
    }
    expect(blobs).toBeGreaterThan(3);
    const theirs = JSON.parse(await restic(["snapshots", "--json"])) as { id: string }[];
    expect((await listSnapshots(repo)).map((s) => s.id).sort()).toEqual(theirs.map((s) => s.id).sort());
    backend.close();
  }, 60_000);

  it("forget over S3 leaves what restic sees, and restic checks every byte with its own locking", async () => {
    const backend = open();
    const repo = await Repository.open(backend, TEST_PASSWORD);
    const result = await forgetSnapshots(repo, { last: 1 });
    backend.close();
    expect(result.removed).toHaveLength(1);
    const theirs = JSON.parse(await restic(["snapshots", "--json"])) as { id: string; time: string }[];
    expect(theirs.map((s) => s.time)).toEqual(["2026-04-02T10:00:00Z"]);
    expect(await restic(["check", "--read-data"])).toMatch(/no errors were found/);
    await restic(["restore", "latest", "--target", path.join(work, "out")]);
    const restored = await fs.readFile(path.join(work, "out", "src", "text.txt"), "utf8");
    expect(restored.endsWith("one more line\n")).toBe(true);
  }, 120_000);
});
