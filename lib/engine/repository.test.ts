import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, restic, resticOk, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { LocalBackend } from "./backend/local";
import { sha256Hex } from "./crypto";
import { isEngineError } from "./errors";
import { acquireLock, listLocks } from "./lock";
import { Repository } from "./repository";
import { listSnapshots, saveSnapshot } from "./snapshot";

const skip = skipWithoutRestic();

async function writeSampleTree(dir: string): Promise<void> {
  await fs.mkdir(path.join(dir, "sub"), { recursive: true });
  await fs.writeFile(path.join(dir, "random.bin"), randomBytes(3 * 1024 * 1024));
  await fs.writeFile(path.join(dir, "text.txt"), "lifeboat keeps data safe\n".repeat(40_000));
  await fs.writeFile(path.join(dir, "sub", "empty"), "");
}

describe.skipIf(skip)("repositories written by restic", () => {
  let work: string;
  beforeAll(async () => {
    work = await tempDir();
    await writeSampleTree(path.join(work, "src"));
  });
  afterAll(() => removeDir(work));

  for (const compression of ["auto", "off"] as const) {
    it(`opens a restic repository (compression ${compression}) and verifies every blob`, async () => {
      const repoDir = path.join(work, `restic-${compression}`);
      await resticOk(repoDir, ["init"]);
      await resticOk(repoDir, ["backup", "--compression", compression, "src"], { cwd: work });

      const repo = await Repository.open(new LocalBackend(repoDir), TEST_PASSWORD);
      expect(repo.config.version).toBe(2);
      await repo.loadIndex();
      expect(repo.index.size).toBeGreaterThan(3);
      let compressedData = 0;
      for (const type of ["data", "tree"] as const) {
        for (const [id, entry] of repo.index.entries(type)) {
          const plain = await repo.loadBlob(type, id);
          expect(sha256Hex(plain)).toBe(id);
          if (type === "data" && entry.uncompressedLength) compressedData++;
        }
      }
      if (compression === "off") expect(compressedData).toBe(0);
      else expect(compressedData).toBeGreaterThan(0);

      const theirs = JSON.parse(await resticOk(repoDir, ["snapshots", "--json"])) as {
        id: string;
        tree: string;
      }[];
      const ours = await listSnapshots(repo);
      expect(ours.map((s) => s.id)).toEqual(theirs.map((s) => s.id));
      expect(ours[0].tree).toBe(theirs[0].tree);
      expect(ours[0].paths).toEqual([path.join(work, "src")]);
    });
  }

  it("refuses a wrong password with a clear error", async () => {
    const repoDir = path.join(work, "restic-auto");
    const err = await Repository.open(new LocalBackend(repoDir), "not the password").catch((e) => e);
    expect(isEngineError(err, "wrong_password")).toBe(true);
    expect(String(err.message)).toMatch(/wrong password/);
  });
});

/** A hand-written tree with one file node, shaped as restic's archiver writes it. */
function fileTree(name: string, size: number, content: string[]): Buffer {
  const t = "2026-01-02T03:04:05.123456789Z";
  const node = { name, type: "file", mode: 420, mtime: t, atime: t, ctime: t, uid: 0, gid: 0, size, content };
  return Buffer.from(`${JSON.stringify({ nodes: [node] })}\n`);
}

describe.skipIf(skip)("repositories written by Lifeboat, read by restic", () => {
  let work: string;
  beforeAll(async () => {
    work = await tempDir();
  });
  afterAll(() => removeDir(work));

  for (const compression of ["auto", "off"] as const) {
    it(`passes restic check --read-data and restores (compression ${compression})`, async () => {
      const repoDir = path.join(work, `ours-${compression}`);
      const repo = await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, {
        kdf: TEST_KDF,
        packSize: 4 * 1024 * 1024,
      });
      repo.compression = compression;
      const config = JSON.parse(await resticOk(repoDir, ["cat", "config"]));
      expect(config.version).toBe(2);
      expect(BigInt(`0x${config.chunker_polynomial}`)).toBe(repo.config.chunkerPolynomial);

      // Several chunks, some compressible, enough to fill more than one pack.
      const chunks = [
        randomBytes(3 * 1024 * 1024),
        Buffer.from("compressible ".repeat(200_000)),
        randomBytes(2 * 1024 * 1024),
      ];
      const ids: string[] = [];
      for (const c of chunks) ids.push((await repo.saveBlob("data", c)).id);
      // Saving a blob twice stores it once.
      expect((await repo.saveBlob("data", chunks[0])).known).toBe(true);
      const whole = Buffer.concat(chunks);
      const tree = await repo.saveBlob("tree", fileTree("file.bin", whole.length, ids));
      await repo.flush();
      await saveSnapshot(repo, {
        time: "2026-01-02T03:04:05.5Z",
        tree: tree.id,
        paths: ["/data"],
        hostname: "lifeboat-test",
        username: "root",
      });

      const check = await restic(repoDir, ["check", "--read-data"]);
      expect(check.stderr + check.stdout).toContain("no errors were found");
      expect(check.code).toBe(0);
      const dumped = await new Promise<Buffer>((resolve, reject) => {
        import("node:child_process").then(({ execFile }) =>
          execFile(
            "restic",
            ["--no-cache", "-r", repoDir, "dump", "latest", "/file.bin"],
            {
              env: { ...process.env, RESTIC_PASSWORD: TEST_PASSWORD },
              encoding: "buffer",
              maxBuffer: 64 << 20,
            },
            (err, out) => (err ? reject(err) : resolve(out)),
          ),
        );
      });
      expect(sha256Hex(dumped)).toBe(sha256Hex(whole));

      // Our own read path agrees after reopening.
      const reopened = await Repository.open(new LocalBackend(repoDir), TEST_PASSWORD);
      await reopened.loadIndex();
      const readBack = Buffer.concat(await Promise.all(ids.map((id) => reopened.loadBlob("data", id))));
      // Compare by hash: deep equality of megabytes is very slow in the test runner.
      expect(sha256Hex(readBack)).toBe(sha256Hex(whole));
      const stored = [...reopened.index.entries("data")].map(([, e]) => e.uncompressedLength > 0);
      expect(stored.some(Boolean)).toBe(compression === "auto");
    });
  }

  it("holds locks restic respects, and refuses a second exclusive lock naming the holder", async () => {
    const repoDir = path.join(work, "ours-auto");
    const repo = await Repository.open(new LocalBackend(repoDir), TEST_PASSWORD);
    const lock = await acquireLock(repo, { exclusive: true });
    const blocked = await restic(repoDir, ["backup", work]);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toMatch(/lock/i);
    const err = await acquireLock(repo, { exclusive: false }).catch((e) => e);
    expect(isEngineError(err, "locked")).toBe(true);
    expect(String(err.message)).toContain(`PID ${process.pid}`);
    await lock.release();
    expect(await listLocks(repo)).toEqual([]);
    const shared1 = await acquireLock(repo, { exclusive: false });
    const shared2 = await acquireLock(repo, { exclusive: false });
    expect((await listLocks(repo)).length).toBe(2);
    await shared1.release();
    await shared2.release();
  });
});
