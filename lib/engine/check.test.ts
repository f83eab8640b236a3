// check against real damage: a flipped byte, a truncated pack, a missing pack and an index entry
// pointing past a pack's end are each found and named, and restic's check agrees.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, restic, tempDir } from "@/test-support/restic";
import { type CheckResult, check } from "./check";
import { selectPacks } from "./check/read-data";
import { decodeIndex, encodeIndex } from "./index-file";
import {
  createRepo,
  lifeboat,
  names,
  openRepo,
  packPath,
  snapshotOf,
  writeRandomFiles,
} from "./prune/fixture";
import { saveSnapshot } from "./snapshot";
import { serializeTree } from "./tree";

const KiB = 1024;

async function firstDataPack(repoDir: string): Promise<{ id: string; size: number }> {
  const repo = await openRepo(repoDir);
  await repo.loadIndex();
  const [id] = [...repo.index.packs()].find(([, blobs]) => blobs.every((b) => b.type === "data")) ?? [];
  if (!id) throw new Error("no data pack");
  return { id, size: (await fs.stat(packPath(repoDir, id))).size };
}

async function writable(file: string): Promise<void> {
  await fs.chmod(file, 0o600);
}

const kinds = (r: CheckResult, pack: string) => r.errors.filter((e) => e.pack === pack).map((e) => e.kind);

describe.skipIf(skipWithoutRestic())("check", () => {
  let work: string;
  let pristine: string;
  let n = 0;
  beforeAll(async () => {
    work = await tempDir("lifeboat-check-");
    const src = path.join(work, "src");
    await writeRandomFiles(src, names("f", 12), 40 * KiB);
    pristine = path.join(work, "pristine");
    await snapshotOf(await createRepo(pristine, 128 * KiB), src);
  });
  afterAll(() => removeDir(work));

  /** A fresh copy of the clean repository to damage. */
  async function damaged(): Promise<string> {
    const dir = path.join(work, `case-${n++}`);
    await fs.cp(pristine, dir, { recursive: true });
    return dir;
  }

  /** restic retries failed reads for ~45 s per damaged repository, so all are checked at once at the end. */
  const forRestic: { name: string; dir: string }[] = [];
  async function expectResticFails(dir: string): Promise<void> {
    forRestic.push({ name: expect.getState().currentTestName ?? dir, dir });
  }

  it("finds nothing wrong in a clean repository, like restic", async () => {
    const progress: number[] = [];
    const result = await check(await openRepo(pristine), {
      readData: true,
      onProgress: (p) => progress.push(p.filesDone),
    });
    expect(result.errors).toEqual([]);
    expect(progress).toEqual([...Array(result.packsRead).keys()]);
    expect(result.packsRead).toBe(result.packsChecked);
    expect(result.packsChecked).toBeGreaterThan(2);
    const cli = lifeboat(["check", "--repo", pristine, "--read-data"]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain("no errors were found");
    expect((await restic(pristine, ["check", "--read-data"])).code).toBe(0);
  });

  it("finds a flipped byte in a pack only when reading data, and names pack and blob", async () => {
    const dir = await damaged();
    const pack = await firstDataPack(dir);
    const file = packPath(dir, pack.id);
    await writable(file);
    const bytes = await fs.readFile(file);
    bytes[100] ^= 0x01;
    await fs.writeFile(file, bytes);

    expect((await check(await openRepo(dir))).errors).toEqual([]);
    const result = await check(await openRepo(dir), { readData: true });
    expect(kinds(result, pack.id)).toEqual(expect.arrayContaining(["pack_hash", "blob_corrupt"]));
    expect(result.errors.find((e) => e.kind === "blob_corrupt")?.blob).toMatch(/^[0-9a-f]{64}$/);
    const cli = lifeboat(["check", "--repo", dir, "--read-data"]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(pack.id);
    await expectResticFails(dir);
  });

  it("finds a truncated pack", async () => {
    const dir = await damaged();
    const pack = await firstDataPack(dir);
    await writable(packPath(dir, pack.id));
    await fs.truncate(packPath(dir, pack.id), Math.floor(pack.size / 2));
    const result = await check(await openRepo(dir), { readData: true });
    expect(kinds(result, pack.id)).toEqual(
      expect.arrayContaining(["pack_size", "index_past_end", "pack_hash"]),
    );
    expect(result.errors.some((e) => e.message.includes(pack.id))).toBe(true);
    await expectResticFails(dir);
  });

  it("finds a missing pack", async () => {
    const dir = await damaged();
    const pack = await firstDataPack(dir);
    await fs.rm(packPath(dir, pack.id));
    const result = await check(await openRepo(dir), { readData: true });
    expect(kinds(result, pack.id)).toEqual(["pack_missing"]);
    await expectResticFails(dir);
  });

  it("finds an index entry pointing past a pack's end", async () => {
    const dir = await damaged();
    const pack = await firstDataPack(dir);
    const repo = await openRepo(dir);
    for (const file of await repo.listFiles("index")) {
      const packs = decodeIndex(await repo.loadUnpacked("index", file));
      const target = packs.find((p) => p.id === pack.id);
      if (!target) continue;
      target.blobs[0].offset = pack.size + 10;
      await repo.saveUnpacked("index", encodeIndex(packs));
      await repo.backend.remove("index", file);
    }
    const result = await check(await openRepo(dir));
    const pastEnd = result.errors.filter((e) => e.kind === "index_past_end");
    expect(pastEnd).toHaveLength(1);
    expect(pastEnd[0].pack).toBe(pack.id);
    expect(pastEnd[0].message).toContain("points past the pack's end");
    await expectResticFails(dir);
  });

  it("names the snapshot whose data blob the index lacks", async () => {
    const dir = await damaged();
    const repo = await openRepo(dir);
    const [file] = await repo.listFiles("index");
    const packs = decodeIndex(await repo.loadUnpacked("index", file));
    const dataPack = packs.find((p) => p.blobs.every((b) => b.type === "data"));
    if (!dataPack) throw new Error("no data pack");
    dataPack.blobs.shift();
    await repo.saveUnpacked("index", encodeIndex(packs));
    await repo.backend.remove("index", file);
    const result = await check(await openRepo(dir));
    const [snapshot] = await repo.listFiles("snapshots");
    expect(result.errors.filter((e) => e.kind === "blob_missing").map((e) => e.snapshot)).toEqual([snapshot]);
    await expectResticFails(dir);
  });

  it("flags tree nodes restic 0.14's check rejects (an unknown type, a file without a blob list)", async () => {
    const dir = await damaged();
    const repo = await openRepo(dir);
    await repo.loadIndex();
    const times = {
      mtime: "2026-01-01T00:00:00Z",
      atime: "2026-01-01T00:00:00Z",
      ctime: "2026-01-01T00:00:00Z",
    };
    const tree = serializeTree([
      { name: "odd", type: "irregular", uid: 0, gid: 0, content: null, ...times },
      { name: "nil", type: "file", uid: 0, gid: 0, content: null, size: 0n, ...times },
    ]);
    const { id } = await repo.saveBlob("tree", tree);
    await repo.flush();
    await saveSnapshot(repo, { time: "2026-01-02T00:00:00Z", tree: id, paths: ["/odd"], hostname: "h" });
    const result = await check(await openRepo(dir));
    const messages = result.errors.filter((e) => e.blob === id).map((e) => e.message);
    expect(messages).toHaveLength(2);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('node "odd" with invalid type "irregular"'),
        expect.stringContaining('file "nil" has nil blob list'),
      ]),
    );
    const theirs = await restic(dir, ["check"]);
    expect(theirs.code).not.toBe(0);
    expect(theirs.stderr + theirs.stdout).toContain('invalid type "irregular"');
  });

  it("restic's check --read-data fails on every repository damaged above", async () => {
    expect(forRestic).toHaveLength(5);
    const results = await Promise.all(
      forRestic.map(async ({ name, dir }) => ({ name, r: await restic(dir, ["check", "--read-data"]) })),
    );
    for (const { name, r } of results) expect(r.code, `${name}: ${r.stdout}`).not.toBe(0);
  }, 180_000);

  it("splits packs into disjoint buckets for --read-data-subset n/t, and x% takes that share", () => {
    const ids = Array.from(
      { length: 300 },
      (_, i) => `${(i % 256).toString(16).padStart(2, "0")}${String(i).padStart(62, "0")}`,
    );
    const buckets = [1, 2, 3, 4, 5].map((b) => selectPacks(ids, { bucket: b, of: 5 }));
    expect(buckets.flat().sort()).toEqual([...ids].sort());
    expect(new Set(buckets.flat()).size).toBe(ids.length);
    expect(buckets[0].every((id) => Number.parseInt(id.slice(0, 2), 16) % 5 === 0)).toBe(true);
    expect(selectPacks(ids, { percent: 10 })).toHaveLength(30);
    expect(selectPacks(ids.slice(0, 3), { percent: 1 })).toHaveLength(1);
  });
});
