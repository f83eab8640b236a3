// Walks the trees below a set of roots, loading each tree once however many snapshots share it.
// Used by prune (which blobs are still needed), check (are they all there) and copy.
import type { Node } from "../node";
import type { Repository } from "../repository";
import { parseTree } from "../tree";

export interface TreeWalkOptions {
  /** Trees loaded at once; ranged reads are latency-bound, so a few in flight pay off. */
  concurrency?: number;
  /** Called for every node of every tree reached, once per tree. */
  onNode?: (treeId: string, node: Node) => void;
  /** A tree that cannot be loaded or parsed; without this the walk throws. */
  onTreeError?: (treeId: string, err: Error) => void;
  /** Return false to not descend into (or load) this tree, e.g. because the target has it. */
  shouldLoad?: (treeId: string) => boolean;
}

/** Returns the IDs of every tree reached (loaded or not). */
export async function walkTrees(
  repo: Repository,
  roots: Iterable<string>,
  opts: TreeWalkOptions = {},
): Promise<Set<string>> {
  const seen = new Set<string>();
  const queue: string[] = [];
  const enqueue = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    if (opts.shouldLoad && !opts.shouldLoad(id)) return;
    queue.push(id);
  };
  for (const r of roots) enqueue(r);

  const visit = async (treeId: string) => {
    let nodes: Node[];
    try {
      nodes = parseTree(await repo.loadBlob("tree", treeId));
    } catch (err) {
      if (!opts.onTreeError) throw err;
      opts.onTreeError(treeId, err as Error);
      return;
    }
    for (const node of nodes) {
      opts.onNode?.(treeId, node);
      if (node.type === "dir" && node.subtree) enqueue(node.subtree);
    }
  };

  const worker = async () => {
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) await visit(id);
  };
  // Workers stop when the queue is momentarily empty while others still load; loop until done.
  const concurrency = opts.concurrency ?? 8;
  while (queue.length > 0) {
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  }
  return seen;
}

/** The blobs the given snapshot roots need: their trees and every file's content. */
export async function findUsedBlobs(
  repo: Repository,
  roots: Iterable<string>,
): Promise<{ trees: Set<string>; data: Set<string> }> {
  const data = new Set<string>();
  const trees = await walkTrees(repo, roots, {
    onNode: (_tree, node) => {
      if (node.type === "file" && node.content) for (const id of node.content) data.add(id);
    },
  });
  return { trees, data };
}
