// A changed file whose start is unchanged reuses the parent's chunks without running the
// chunker over them (file-worker.ts, chunkFile). The chunks must come out exactly as chunking
// the whole file gives them, or deduplication with restic (and with other files) breaks.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, resticOk, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { LocalBackend } from "../backend/local";
import { backup } from "../backup";
import { findNode } from "../ls";
import { Repository } from "../repository";
import { findSnapshot } from "../snapshot";

const MiB = 1024 * 1024;

/** Deterministic incompressible bytes: SHA-256 in counter mode. */
function bytes(seed: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0, off = 0; off < length; i++, off += 32) {
    createHash("sha256").update(`${seed}:${i}`).digest().copy(out, off);
  }
  return out;
}

describe("changed files reuse their parent's chunks", () => {
  let work: string;
  let src: string;
  let repo: Repository;

  beforeAll(async () => {
    work = await tempDir("lifeboat-reuse-");
    src = path.join(work, "src");
    await fs.mkdir(src);
    repo = await Repository.init(new LocalBackend(path.join(work, "repo")), TEST_PASSWORD, { kdf: TEST_KDF });
    const files: Record<string, Buffer> = {
      "appended.log": bytes("log", 9 * MiB),
      "middle.bin": bytes("middle", 12 * MiB),
      "head.bin": bytes("head", 6 * MiB),
      "shrunk.bin": bytes("shrunk", 10 * MiB),
      "same-size.bin": bytes("same", 7 * MiB),
      "inserted.bin": bytes("inserted", 9 * MiB),
    };
    for (const [name, data] of Object.entries(files)) await fs.writeFile(path.join(src, name), data);
    await backup(repo, [src], { parent: null, workers: 2 });

    await fs.appendFile(path.join(src, "appended.log"), bytes("more", 3 * MiB + 12345));
    const middle = await fs.open(path.join(src, "middle.bin"), "r+");
    await middle.write(bytes("patch", 100_000), 0, 100_000, 6 * MiB);
    await middle.close();
    const head = await fs.open(path.join(src, "head.bin"), "r+");
    await head.write(Buffer.from("changed at the very start"), 0, 25, 0);
    await head.close();
    await fs.truncate(path.join(src, "shrunk.bin"), 4 * MiB + 777);
    // Bytes put in, not over: every later chunk is at another offset now.
    const inserted = await fs.readFile(path.join(src, "inserted.bin"));
    await fs.writeFile(
      path.join(src, "inserted.bin"),
      Buffer.concat([inserted.subarray(0, 2 * MiB), bytes("put in", 1000), inserted.subarray(2 * MiB)]),
    );
    // Same size and content, later mtime: read again, every chunk reused.
    const later = new Date(Date.now() + 5000);
    await fs.utimes(path.join(src, "same-size.bin"), later, later);
  }, 120_000);
  afterAll(() => removeDir(work));

  it("gives every changed file exactly the chunks that chunking it whole gives", async () => {
    const incremental = await backup(repo, [src], { workers: 2 });
    expect(incremental.errors).toEqual([]);
    expect(incremental.filesChanged).toBe(6);
    const whole = await backup(repo, [src], { parent: null, workers: 2 });
    expect(whole.filesNew).toBe(6);
    expect(whole.dataBlobs).toBe(0); // nothing the incremental had not stored already

    const a = await findSnapshot(repo, incremental.snapshotId);
    const b = await findSnapshot(repo, whole.snapshotId);
    for (const name of [
      "appended.log",
      "middle.bin",
      "head.bin",
      "shrunk.bin",
      "same-size.bin",
      "inserted.bin",
    ]) {
      const ours = await findNode(repo, a, path.join(src, name));
      const fresh = await findNode(repo, b, path.join(src, name));
      expect(ours.content, name).toEqual(fresh.content);
      expect(ours.size, name).toBe(fresh.size);
    }
  }, 120_000);

  it.skipIf(skipWithoutRestic())(
    "leaves restic nothing new to store",
    async () => {
      const out = await resticOk(path.join(work, "repo"), ["backup", "--force", "--json", src]);
      const summary = JSON.parse(out.trim().split("\n").at(-1) as string);
      expect(summary.data_blobs).toBe(0);
    },
    120_000,
  );
});
