// Hostile snapshots, written with the engine's own writer, for the restore-escape tests: trees
// with duplicate names (a link and a folder of the same name, in both orders), link chains,
// absolute and relative links pointing out of the target, hard links claiming an outside file's
// inode, and names that try to climb (`..`, `/`, NUL). restic's own writer refuses duplicates, so
// trees are assembled node by node in the order given. Plus a manifest of a folder (content,
// mode, owner, link count, times, ctime) to prove a restore changed nothing outside its target.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Node } from "@/lib/engine/node";
import { MODE_DIR, MODE_SYMLINK } from "@/lib/engine/node";
import type { Repository } from "@/lib/engine/repository";
import { saveSnapshot } from "@/lib/engine/snapshot";
import { formatGoTimeNs } from "@/lib/engine/time";
import { serializeTree } from "@/lib/engine/tree";

const T_2001 = formatGoTimeNs(978_307_200_123_456_789n);

type Entry =
  | { kind: "file"; name: string | Buffer; content: string; mode?: number; uid?: number; link?: HardLink }
  | { kind: "dir"; name: string | Buffer; children: Entry[]; mode?: number; uid?: number }
  | { kind: "link"; name: string | Buffer; target: string };

interface HardLink {
  inode: bigint;
  deviceId: bigint;
}

export interface CraftedCase {
  name: string;
  /** Entries of the restored folder (/crafted in the snapshot), in tree order. */
  entries: Entry[];
}

const file = (name: string | Buffer, content: string, extra: Partial<Entry> = {}): Entry =>
  ({ kind: "file", name, content, ...extra }) as Entry;
const dir = (
  name: string | Buffer,
  children: Entry[],
  extra: { mode?: number; uid?: number } = {},
): Entry => ({
  kind: "dir",
  name,
  children,
  ...extra,
});
const link = (name: string | Buffer, target: string): Entry => ({ kind: "link", name, target });

/**
 * The cases, aimed at `outside` (a folder next to the targets holding `victim.txt`). A relative
 * link climbs with more `..` than any target is deep (at / they stay at /), so it lands on
 * `outside` wherever the restore writes (a CLI target, a job's staging folder, a drill's scratch).
 */
export async function craftedCases(outside: string): Promise<CraftedCase[]> {
  const up = `${"../".repeat(24)}${outside.replace(/^\//, "")}`;
  const victim = await fs.stat(path.join(outside, "victim.txt"), { bigint: true });
  const owned = { mode: 0o777, uid: 4321 };
  return [
    {
      name: "link-then-folder",
      entries: [link("d", outside), dir("d", [file("x", "escaped\n", owned)], owned)],
    },
    {
      name: "folder-then-link",
      entries: [dir("d", [file("x", "escaped\n", owned)], owned), link("d", outside)],
    },
    {
      name: "relative-link-then-folder",
      entries: [link("d", up), dir("d", [file("x", "escaped\n")], owned)],
    },
    {
      name: "nested-relative-link",
      entries: [dir("a", [link("d", up), dir("d", [dir("sub", [file("x", "escaped\n")], owned)], owned)])],
    },
    {
      name: "link-chain",
      entries: [
        link("a", outside),
        link("b", "a"),
        link("c", "b"),
        dir("c", [file("x", "escaped\n")], owned),
      ],
    },
    {
      name: "link-then-file",
      entries: [link("f", path.join(outside, "victim.txt")), file("f", "escaped\n", owned)],
    },
    {
      name: "file-then-link",
      entries: [file("f", "escaped\n", owned), link("f", path.join(outside, "victim.txt"))],
    },
    {
      name: "folder-twice",
      entries: [dir("d", [file("x", "one\n")]), dir("d", [file("x", "two\n")], owned)],
    },
    {
      name: "hard-link-to-outside-inode",
      entries: [
        file("h1", "escaped\n", { link: { inode: victim.ino, deviceId: victim.dev }, ...owned }),
        file("h2", "escaped\n", { link: { inode: victim.ino, deviceId: victim.dev }, ...owned }),
      ],
    },
    // Harmless in itself: the tests plant a link to `outside` where its folder goes.
    { name: "plain-folder", entries: [dir("d", [file("x", "inside\n", owned)], owned)] },
    {
      name: "climbing-names",
      entries: [
        dir("..", [file("x", "escaped\n")], owned),
        file("../x", "escaped\n"),
        file(`..${up}`, "escaped\n"),
        file(Buffer.from(`${outside}/y`), "escaped\n"),
        file(Buffer.from("x\0/../../y"), "escaped\n"),
        dir(".", [file("x", "escaped\n")], owned),
        file("ok", "fine\n"),
      ],
    },
  ];
}

function baseNode(name: string | Buffer, type: Node["type"], mode: number, uid = 0): Node {
  const n: Node = {
    name: typeof name === "string" ? name : name.toString("utf8"),
    type,
    mode,
    mtime: T_2001,
    atime: T_2001,
    ctime: T_2001,
    uid,
    gid: uid,
    content: null,
  };
  if (typeof name !== "string") n.nameRaw = name;
  return n;
}

/** A tree blob holding the nodes in this order, duplicates included (as only a hostile writer makes). */
async function saveRawTree(repo: Repository, nodes: Node[]): Promise<string> {
  const parts = nodes.map((n) => {
    const one = serializeTree([n]).toString("utf8");
    return one.slice('{"nodes":['.length, -"]}\n".length);
  });
  const bytes = Buffer.from(`{"nodes":[${parts.join(",")}]}\n`, "utf8");
  return (await repo.saveBlob("tree", bytes)).id;
}

async function saveEntries(repo: Repository, entries: Entry[]): Promise<string> {
  const nodes: Node[] = [];
  for (const e of entries) {
    if (e.kind === "file") {
      const blob = await repo.saveBlob("data", Buffer.from(e.content));
      const n = baseNode(e.name, "file", e.mode ?? 0o644, e.uid);
      n.content = [blob.id];
      n.size = BigInt(Buffer.byteLength(e.content));
      if (e.link) Object.assign(n, { links: 2n, inode: e.link.inode, deviceId: e.link.deviceId });
      nodes.push(n);
    } else if (e.kind === "dir") {
      const n = baseNode(e.name, "dir", MODE_DIR + (e.mode ?? 0o755), e.uid);
      n.subtree = await saveEntries(repo, e.children);
      nodes.push(n);
    } else {
      nodes.push({ ...baseNode(e.name, "symlink", MODE_SYMLINK + 0o777), linktarget: e.target });
    }
  }
  return saveRawTree(repo, nodes);
}

/** One snapshot per case, each holding /crafted; returns the snapshot IDs by case name. */
export async function writeCraftedSnapshots(
  repo: Repository,
  cases: CraftedCase[],
): Promise<Map<string, string>> {
  await repo.loadIndex();
  const trees = new Map<string, string>();
  for (const c of cases) trees.set(c.name, await saveEntries(repo, [dir("crafted", c.entries)]));
  await repo.flush();
  const ids = new Map<string, string>();
  let second = 0;
  for (const c of cases) {
    const time = formatGoTimeNs(1_800_000_000_000_000_000n + BigInt(second++) * 1_000_000_000n);
    const tree = trees.get(c.name) as string;
    ids.set(
      c.name,
      await saveSnapshot(repo, { time, tree, paths: ["/crafted"], hostname: "crafted", tags: [c.name] }),
    );
  }
  return ids;
}

/** A folder to attack: a file, a subfolder, a link, distinctive modes and old times. */
export async function makeOutside(outside: string): Promise<void> {
  await fs.mkdir(path.join(outside, "sub"), { recursive: true });
  await fs.writeFile(path.join(outside, "victim.txt"), "untouched\n");
  await fs.writeFile(path.join(outside, "sub", "inner.txt"), "inner\n");
  await fs.symlink("victim.txt", path.join(outside, "alias"));
  await fs.chmod(path.join(outside, "victim.txt"), 0o640);
  await fs.chmod(path.join(outside, "sub"), 0o750);
  await fs.chmod(outside, 0o750);
  const old = new Date("2010-01-02T03:04:05Z");
  for (const p of ["victim.txt", "sub/inner.txt", "sub", "."])
    await fs.utimes(path.join(outside, p), old, old);
}

/** Every entry below (and including) `root`: type, mode, owner, links, size, content, link target, times. */
export async function manifest(
  root: string,
  skip: (p: string) => boolean = () => false,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const visit = async (p: Buffer, key: string) => {
    if (skip(p.toString())) return;
    const st = await fs.lstat(p, { bigint: true });
    let facts = `${st.mode.toString(8)} ${st.uid}:${st.gid} n${st.nlink} s${st.size} m${st.mtimeNs} c${st.ctimeNs}`;
    if (st.isFile())
      facts += ` ${createHash("sha256")
        .update(await fs.readFile(p))
        .digest("hex")}`;
    if (st.isSymbolicLink()) facts += ` -> ${(await fs.readlink(p, { encoding: "buffer" })).toString("hex")}`;
    out.set(key, facts);
    if (!st.isDirectory()) return;
    for (const name of await fs.readdir(p, { encoding: "buffer" })) {
      await visit(Buffer.concat([p, Buffer.from("/"), name]), `${key}/${name.toString("latin1")}`);
    }
  };
  await visit(Buffer.from(root), ".");
  return out;
}

/** Differences between two manifests, as readable lines. */
export function manifestChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [k, v] of before)
    if (after.get(k) !== v) changes.push(`${k}: ${v} -> ${after.get(k) ?? "gone"}`);
  for (const [k, v] of after) if (!before.has(k)) changes.push(`${k}: new ${v}`);
  return changes;
}
