// Reading a snapshot's tree: one folder at a time for the dashboard, recursively for the CLI.
import path from "node:path";
import { EngineError } from "./errors";
import type { Node } from "./node";
import type { Repository } from "./repository";
import type { Snapshot } from "./snapshot";
import { parseTree } from "./tree";

export async function loadTree(repo: Repository, id: string): Promise<Node[]> {
  return parseTree(await repo.loadBlob("tree", id));
}

function splitPath(p: string): string[] {
  return path.posix.normalize(`/${p}`).split("/").filter(Boolean);
}

/** The node at `p` inside the snapshot ("/" is the root, returned as a synthetic dir node). */
export async function findNode(
  repo: Repository,
  snapshot: Snapshot,
  p: string,
  /** How a folder's tree is read (a caller may cache parsed trees: they are content-addressed). */
  readTree: (id: string) => Promise<Node[]> = (id) => loadTree(repo, id),
): Promise<Node> {
  let node: Node = {
    name: "/",
    type: "dir",
    mtime: snapshot.time,
    atime: snapshot.time,
    ctime: snapshot.time,
    uid: 0,
    gid: 0,
    content: null,
    subtree: snapshot.tree,
  };
  for (const part of splitPath(p)) {
    if (node.type !== "dir" || !node.subtree)
      throw new EngineError("not_found", `${p}: ${node.name} is not a folder`);
    const next = (await readTree(node.subtree)).find((n) => n.name === part);
    if (!next)
      throw new EngineError("not_found", `${p} does not exist in snapshot ${snapshot.id.slice(0, 8)}`);
    node = next;
  }
  return node;
}

/** The entries of one folder of a snapshot, for lazy browsing. */
export async function listFolder(repo: Repository, snapshot: Snapshot, p = "/"): Promise<Node[]> {
  const node = await findNode(repo, snapshot, p);
  if (node.type !== "dir" || !node.subtree) throw new EngineError("invalid_argument", `${p} is not a folder`);
  return loadTree(repo, node.subtree);
}

export interface WalkEntry {
  path: string;
  node: Node;
}

/** Every node under `p`, depth first, parents before children. */
export async function* walkSnapshot(
  repo: Repository,
  snapshot: Snapshot,
  p = "/",
): AsyncGenerator<WalkEntry> {
  const start = await findNode(repo, snapshot, p);
  const base = path.posix.normalize(`/${p}`);
  if (start.name !== "/") yield { path: base, node: start };
  if (start.type !== "dir" || !start.subtree) return;
  const stack: { dir: string; tree: string }[] = [{ dir: base, tree: start.subtree }];
  while (stack.length) {
    const { dir, tree } = stack.pop() as { dir: string; tree: string };
    const nodes = await loadTree(repo, tree);
    const subdirs: { dir: string; tree: string }[] = [];
    for (const node of nodes) {
      const child = path.posix.join(dir, node.name);
      yield { path: child, node };
      if (node.type === "dir" && node.subtree) subdirs.push({ dir: child, tree: node.subtree });
    }
    stack.push(...subdirs.reverse());
  }
}
