import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeEdgeTree } from "@/test-support/edge-tree";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, resticCatBytes, resticOk, tempDir } from "@/test-support/restic";
import { goJsonBytes, goJsonString, goQuote, goQuoteInner, goUnquote, goUnquoteInner } from "./go-json";
import { type Node, nameBytes, nodeFromLstat } from "./node";
import { parseTree, serializeTree } from "./tree";

describe("Go encodings", () => {
  it("quotes names like strconv.Quote and undoes it", () => {
    const cases: [Buffer, string][] = [
      [Buffer.from('we"ird\\name'), 'we\\"ird\\\\name'],
      [Buffer.from("new\nline\x07"), "new\\nline\\a"],
      [Buffer.from("ünïcödé 中文 😀"), "ünïcödé 中文 😀"],
      [Buffer.from([0x62, 0xff, 0x63]), "b\\xffc"],
      [Buffer.from("\u2028\u00a0\x7f"), "\\u2028\\u00a0\\x7f"],
    ];
    for (const [raw, quoted] of cases) {
      expect(goQuoteInner(raw)).toBe(quoted);
      expect(goUnquoteInner(quoted).equals(raw)).toBe(true);
    }
  });

  it("writes plain ASCII names as they are, and JSON still escapes <, > and &", () => {
    expect(goQuoteInner(Buffer.from("f0123.dat"))).toBe("f0123.dat");
    expect(goJsonString(goQuoteInner(Buffer.from("a<b&c>d")))).toBe('"a\\u003cb\\u0026c\\u003ed"');
    expect(goUnquoteInner("f0123.dat").equals(Buffer.from("f0123.dat"))).toBe(true);
    expect(goJsonString("plain text")).toBe('"plain text"');
  });

  it("round-trips any name's bytes through a tree", () => {
    const names = new Map<string, Buffer>();
    for (let i = 0; i < 500; i++) {
      const bytes = Buffer.from(
        Array.from({ length: 1 + (i % 12) }, (_, k) => {
          const pick = (i * 31 + k * 7) % 5;
          return pick < 3 ? 0x20 + ((i + k * 13) % 95) : (i * 17 + k * 29) % 256;
        }).filter((b) => b !== 0x2f && b !== 0),
      );
      if (bytes.length) names.set(bytes.toString("latin1"), bytes);
    }
    const nodes: Node[] = [...names.values()].map((raw) => ({
      name: raw.toString("utf8"),
      nameRaw: raw,
      type: "file",
      mode: 0o644,
      mtime: "2026-11-29T07:00:00Z",
      atime: "2026-11-29T07:00:00Z",
      ctime: "2026-11-29T07:00:00Z",
      uid: 0,
      gid: 0,
      content: [],
    }));
    const parsed = parseTree(serializeTree(nodes));
    expect(parsed.map((n) => nameBytes(n).toString("latin1")).sort()).toEqual([...names.keys()].sort());
  });

  it("escapes JSON strings like Go's encoding/json", () => {
    expect(goJsonString("<&>")).toBe('"\\u003c\\u0026\\u003e"');
    expect(goJsonString("a\u2028b\bc\n")).toBe('"a\\u2028b\\u0008c\\n"');
    expect(goJsonString("\ud800x")).toBe('"\\ufffdx"');
  });

  it("writes invalid UTF-8 bytes one \\ufffd escape each, as restic 0.14 wrote a symlink target here", () => {
    // restic 0.14 stored the target a\xffb\xe2\x82c as "a\ufffdb\ufffd\ufffdc" and ok\u{fffd} raw.
    expect(goJsonBytes(Buffer.from([0x61, 0xff, 0x62, 0xe2, 0x82, 0x63]))).toBe('"a\\ufffdb\\ufffd\\ufffdc"');
    expect(goJsonBytes(Buffer.from("ok\ufffd<"))).toBe('"ok\ufffd\\u003c"');
  });
});

/** Every tree of a snapshot, keyed by its path inside the snapshot, as restic stored it. */
function resticTrees(repo: string, treeId: string, at = "/"): Map<string, { id: string; bytes: Buffer }> {
  const out = new Map<string, { id: string; bytes: Buffer }>();
  const bytes = resticCatBytes(repo, ["blob", treeId]);
  out.set(at, { id: treeId, bytes });
  for (const node of parseTree(bytes)) {
    if (node.type === "dir" && node.subtree) {
      for (const [k, v] of resticTrees(repo, node.subtree, path.posix.join(at, node.name))) out.set(k, v);
    }
  }
  return out;
}

describe.skipIf(skipWithoutRestic())("trees byte-identical to restic 0.14's", () => {
  let work: string;
  let trees: Map<string, { id: string; bytes: Buffer }>;

  beforeAll(async () => {
    work = await tempDir();
    await makeEdgeTree(path.join(work, "src"));
    const repo = path.join(work, "repo");
    await resticOk(repo, ["init"]);
    await resticOk(repo, ["backup", "src"], { cwd: work });
    const snap = JSON.parse(await resticOk(repo, ["snapshots", "--json"]))[0];
    trees = resticTrees(repo, snap.tree);
  });
  afterAll(() => removeDir(work));

  it("parses and re-serialises every restic tree to the same bytes", () => {
    expect(trees.size).toBeGreaterThan(5);
    for (const [at, { bytes }] of trees) {
      expect(serializeTree(parseTree(bytes)).toString("utf8"), at).toBe(bytes.toString("utf8"));
    }
  });

  it("builds the same nodes from lstat as restic's archiver", async () => {
    let compared = 0;
    for (const [at, { bytes }] of trees) {
      if (at === "/") continue;
      const theirs = parseTree(bytes);
      const dir = path.join(work, at);
      const ours: Node[] = [];
      for (const node of theirs) {
        const full = Buffer.concat([Buffer.from(`${dir}/`), nameBytes(node)]);
        const mine = await nodeFromLstat(full, nameBytes(node));
        // Content and subtree IDs come from the archiver, not from lstat.
        mine.content = node.content;
        if (node.subtree) mine.subtree = node.subtree;
        ours.push(mine);
      }
      expect(serializeTree(ours).toString("utf8"), at).toBe(bytes.toString("utf8"));
      compared += theirs.length;
    }
    expect(compared).toBeGreaterThan(20);
  });

  it("keeps uint64 values beyond 2^53 exact", () => {
    const [node] = parseTree(
      Buffer.from(
        '{"nodes":[{"name":"x","type":"file","mtime":"2026-01-01T00:00:00Z","atime":"2026-01-01T00:00:00Z","ctime":"2026-01-01T00:00:00Z","uid":0,"gid":0,"inode":18446744073709551615,"size":9007199254740993,"content":[]}]}\n',
      ),
    );
    expect(node.inode).toBe(18446744073709551615n);
    expect(node.size).toBe(9007199254740993n);
    expect(serializeTree([node]).toString()).toContain('"inode":18446744073709551615');
  });
});

describe.skipIf(skipWithoutRestic())("symlink targets that are not UTF-8", () => {
  let work: string;
  afterAll(() => removeDir(work));

  it("serialise from lstat to restic 0.14's exact tree bytes", async () => {
    work = await tempDir();
    const src = path.join(work, "src");
    await fs.mkdir(src);
    await fs.symlink(Buffer.from([0x61, 0xff, 0x62, 0xe2, 0x82, 0x63]), path.join(src, "bad-target"));
    await fs.symlink("ok\ufffd", path.join(src, "replacement-char-target"));
    const repo = path.join(work, "repo");
    await resticOk(repo, ["init"]);
    await resticOk(repo, ["backup", "src"], { cwd: work });
    const snap = JSON.parse(await resticOk(repo, ["snapshots", "--json"]))[0];
    const [srcNode] = parseTree(resticCatBytes(repo, ["blob", snap.tree]));
    const theirs = resticCatBytes(repo, ["blob", srcNode.subtree as string]);
    const ours = [];
    for (const name of ["bad-target", "replacement-char-target"]) {
      ours.push(await nodeFromLstat(path.join(src, name), name));
    }
    expect(theirs.toString("utf8")).toContain('"linktarget":"a\\ufffdb\\ufffd\\ufffdc"');
    expect(serializeTree(ours).toString("utf8")).toBe(theirs.toString("utf8"));
  });
});

describe("goQuote", () => {
  it("adds Go's quotes and goUnquote returns the raw bytes", () => {
    const raw = Buffer.from([0x62, 0xff, 0x0a, 0x22]);
    expect(goQuote(raw)).toBe('"b\\xff\\n\\""');
    expect(goUnquote(goQuote(raw)).equals(raw)).toBe(true);
    expect(() => goUnquote("no quotes")).toThrow();
  });
});
