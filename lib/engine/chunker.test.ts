import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, resticCatBytes, resticOk, tempDir } from "@/test-support/restic";
import { Chunker, MAX_SIZE, MIN_SIZE } from "./chunker";
import { parsePolynomial } from "./polynomial";

function chunkIds(data: Buffer, pol: bigint, pieceSize: number): string[] {
  const chunker = new Chunker(pol);
  const lengths: number[] = [];
  for (let off = 0; off < data.length; off += pieceSize) {
    lengths.push(...chunker.push(data.subarray(off, off + pieceSize)));
  }
  const last = chunker.finish();
  if (last) lengths.push(last);
  const ids: string[] = [];
  let pos = 0;
  for (const len of lengths) {
    ids.push(
      createHash("sha256")
        .update(data.subarray(pos, pos + len))
        .digest("hex"),
    );
    pos += len;
  }
  expect(pos).toBe(data.length);
  return ids;
}

describe("chunker bounds", () => {
  it("cuts zeros at the minimum size and never exceeds the maximum", () => {
    const pol = 0x3da3358b4dc173n;
    const chunker = new Chunker(pol);
    // A window of zeros has digest 0, so zeros split as early as allowed.
    expect(chunker.push(Buffer.alloc(3 * MIN_SIZE + 10))).toEqual([MIN_SIZE, MIN_SIZE, MIN_SIZE]);
    expect(chunker.finish()).toBe(10);
    const lengths = new Chunker(pol).push(randomBytes(3 * MAX_SIZE));
    for (const len of lengths) {
      expect(len).toBeGreaterThanOrEqual(MIN_SIZE);
      expect(len).toBeLessThanOrEqual(MAX_SIZE);
    }
  });
});

describe("chunker input pieces", () => {
  it("cuts the same whatever sizes the bytes arrive in, down to single bytes", () => {
    const pol = 0x3da3358b4dc173n;
    // Small-step text makes many digests; random data exercises the maximum size.
    const data = Buffer.concat([randomBytes(9 * 1024 * 1024), Buffer.from("x".repeat(700_000))]);
    const whole = new Chunker(pol).push(data);
    const c = new Chunker(pol);
    const pieces: number[] = [];
    let sizes = [1, 63, 64, 65, 4099, 1 << 20, (1 << 20) + 7];
    for (let off = 0; off < data.length; ) {
      const n = off < MIN_SIZE + 200 && off > MIN_SIZE - 200 ? 1 : sizes[off % sizes.length];
      pieces.push(...c.push(data.subarray(off, off + n)));
      off += n;
      sizes = [...sizes.slice(1), sizes[0]];
    }
    expect(pieces).toEqual(whole);
    expect(c.finish()).toBe(data.length - whole.reduce((a, b) => a + b, 0));
  });
});

describe.skipIf(skipWithoutRestic())("chunk boundaries identical to restic's", () => {
  let work: string;
  const files: Record<string, Buffer> = {};
  let pol: bigint;
  let contentByName: Map<string, string[]>;

  beforeAll(async () => {
    work = await tempDir();
    const src = path.join(work, "src");
    await fs.mkdir(src);
    const big = randomBytes(20 * 1024 * 1024);
    files.empty = Buffer.alloc(0);
    files.small = randomBytes(100 * 1024);
    files.medium = randomBytes(3 * 1024 * 1024);
    files.big = big;
    // The same data with 1 MiB inserted in the middle: only chunks near the insertion change.
    files.inserted = Buffer.concat([big.subarray(0, 9 << 20), randomBytes(1 << 20), big.subarray(9 << 20)]);
    files.zeros = Buffer.alloc(5 * 1024 * 1024);
    files.text = Buffer.from("a line of log text that repeats with a counter\n".repeat(150_000));
    for (const [name, data] of Object.entries(files)) await fs.writeFile(path.join(src, name), data);

    const repo = path.join(work, "repo");
    await resticOk(repo, ["init"]);
    pol = parsePolynomial(JSON.parse(await resticOk(repo, ["cat", "config"])).chunker_polynomial);
    await resticOk(repo, ["backup", "--compression", "off", "src"], { cwd: work });
    const snapshotId = JSON.parse(await resticOk(repo, ["snapshots", "--json"]))[0].id;
    const root = JSON.parse(await resticOk(repo, ["cat", "snapshot", snapshotId])).tree;
    const rootTree = JSON.parse(resticCatBytes(repo, ["blob", root]).toString());
    const srcTree = JSON.parse(resticCatBytes(repo, ["blob", rootTree.nodes[0].subtree]).toString());
    contentByName = new Map(
      srcTree.nodes.map((n: { name: string; content: string[] }) => [n.name, n.content]),
    );
  });
  afterAll(() => removeDir(work));

  it("produces the same blob list as restic for every file, whatever the read size", () => {
    for (const [name, data] of Object.entries(files)) {
      const expected = contentByName.get(name);
      expect(expected, name).toBeDefined();
      for (const piece of [64 * 1024, 1_000_003, 8 * 1024 * 1024]) {
        expect(chunkIds(data, pol, piece), `${name} read in pieces of ${piece}`).toEqual(expected);
      }
    }
    // Deduplication works across the insertion: most of the big file's chunks reappear.
    const bigChunks = new Set(contentByName.get("big"));
    const shared = (contentByName.get("inserted") ?? []).filter((id) => bigChunks.has(id));
    expect(shared.length).toBeGreaterThan(bigChunks.size - 4);
  });
});
