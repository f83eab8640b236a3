// Compares two folders entry by entry: type, permissions, size, content, link target, mtime.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";

export interface EntryFacts {
  type: string;
  mode: number;
  size: number;
  sha?: string;
  link?: string;
  mtimeNs: bigint;
}

async function facts(p: Buffer): Promise<EntryFacts> {
  const st = await fs.lstat(p, { bigint: true });
  const type = st.isFile()
    ? "file"
    : st.isDirectory()
      ? "dir"
      : st.isSymbolicLink()
        ? "symlink"
        : st.isFIFO()
          ? "fifo"
          : "other";
  const f: EntryFacts = {
    type,
    mode: Number(st.mode) & 0o7777,
    size: type === "file" ? Number(st.size) : 0,
    mtimeNs: st.mtimeNs,
  };
  if (type === "file")
    f.sha = createHash("sha256")
      .update(await fs.readFile(p))
      .digest("hex");
  if (type === "symlink") f.link = (await fs.readlink(p, { encoding: "buffer" })).toString("hex");
  return f;
}

/** Every entry below `root`, keyed by its relative path in hex-safe latin1 form. */
export async function describeTree(root: string): Promise<Map<string, EntryFacts>> {
  const out = new Map<string, EntryFacts>();
  const walk = async (dir: Buffer, rel: string) => {
    for (const name of await fs.readdir(dir, { encoding: "buffer" })) {
      const full = Buffer.concat([dir, Buffer.from("/"), name]);
      const key = `${rel}/${name.toString("latin1")}`;
      const f = await facts(full);
      out.set(key, f);
      if (f.type === "dir") await walk(full, key);
    }
  };
  await walk(Buffer.from(root), "");
  return out;
}

/**
 * Differences between two trees. `mtimeToleranceNs` covers restorers that cannot set
 * nanoseconds (Node's utimes takes a double); symlink mtimes are compared too. Folder mtimes
 * are compared only when `dirMtimes` is set.
 */
export async function diffTrees(
  a: string,
  b: string,
  opts: { mtimeToleranceNs?: bigint; dirMtimes?: boolean } = {},
): Promise<string[]> {
  const [ta, tb] = await Promise.all([describeTree(a), describeTree(b)]);
  const problems: string[] = [];
  const tol = opts.mtimeToleranceNs ?? 0n;
  for (const [k, fa] of ta) {
    const fb = tb.get(k);
    if (!fb) {
      problems.push(`${k}: missing`);
      continue;
    }
    for (const field of ["type", "mode", "size", "sha", "link"] as const) {
      if (fa[field] !== fb[field]) problems.push(`${k}: ${field} ${fa[field]} != ${fb[field]}`);
    }
    if (fa.type !== "dir" || opts.dirMtimes) {
      const d = fa.mtimeNs > fb.mtimeNs ? fa.mtimeNs - fb.mtimeNs : fb.mtimeNs - fa.mtimeNs;
      if (d > tol) problems.push(`${k}: mtime ${fa.mtimeNs} != ${fb.mtimeNs}`);
    }
  }
  for (const k of tb.keys()) if (!ta.has(k)) problems.push(`${k}: unexpected`);
  return problems;
}
