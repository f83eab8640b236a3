// Every snapshot decodes, and every tree and data blob it needs is indexed with the right type;
// trees are loaded (and so verified) once, the first snapshot that needs one is named.
import type { Node } from "../node";
import { walkTrees } from "../prune/tree-walk";
import type { Repository } from "../repository";
import { loadSnapshot } from "../snapshot";
import type { CheckError } from "./types";

export async function checkSnapshots(repo: Repository, errors: CheckError[]): Promise<number> {
  const visited = new Set<string>();
  const ids = (await repo.listFiles("snapshots")).sort();
  for (const snapshot of ids) {
    let tree: string;
    try {
      tree = (await loadSnapshot(repo, snapshot)).tree;
    } catch (err) {
      errors.push({
        kind: "snapshot_unreadable",
        snapshot,
        message: `snapshot ${snapshot}: ${(err as Error).message}`,
      });
      continue;
    }
    await walkTrees(repo, [tree], {
      shouldLoad: (id) => {
        if (visited.has(id)) return false;
        visited.add(id);
        return true;
      },
      onTreeError: (blob, err) => errors.push(treeError(repo, snapshot, blob, err)),
      onNode: (treeId, node) => {
        const problem = nodeProblem(node);
        if (problem) {
          errors.push({
            kind: "tree_unreadable",
            snapshot,
            blob: treeId,
            message: `snapshot ${snapshot}: tree ${treeId}: ${problem}`,
          });
        }
        if (node.type === "file")
          for (const blob of node.content ?? []) checkDataBlob(repo, snapshot, treeId, blob, errors);
      },
    });
  }
  return ids.length;
}

const ZERO_ID = "0".repeat(64);
/** Types restic 0.14's check accepts; anything else (including "irregular") is an error there. */
const CHECKED_TYPES = new Set(["file", "dir", "symlink", "socket", "chardev", "dev", "fifo"]);

/** restic's per-node rules (checker.checkTree). */
function nodeProblem(node: Node): string | null {
  if (node.name === "") return "node with an empty name";
  if (!CHECKED_TYPES.has(node.type)) return `node "${node.name}" with invalid type "${node.type}"`;
  if (node.type === "file") {
    if (node.content === null) return `file "${node.name}" has nil blob list`;
    if (node.content.includes(ZERO_ID)) return `file "${node.name}" blob has null ID`;
  }
  if (node.type === "dir") {
    if (!node.subtree) return `dir node "${node.name}" has no subtree`;
    if (node.subtree === ZERO_ID) return `dir node "${node.name}" subtree id is null`;
  }
  return null;
}

function treeError(repo: Repository, snapshot: string, blob: string, err: Error): CheckError {
  if (!repo.index.has("tree", blob)) {
    const asData = repo.index.has("data", blob) ? " (it is indexed as a data blob)" : "";
    return {
      kind: "blob_missing",
      snapshot,
      blob,
      message: `snapshot ${snapshot}: tree ${blob} is not in the index${asData}`,
    };
  }
  const pack = repo.index.lookup("tree", blob)?.packId;
  return {
    kind: "tree_unreadable",
    snapshot,
    blob,
    pack,
    message: `snapshot ${snapshot}: tree ${blob}: ${err.message}`,
  };
}

function checkDataBlob(
  repo: Repository,
  snapshot: string,
  treeId: string,
  blob: string,
  errors: CheckError[],
): void {
  if (repo.index.has("data", blob)) return;
  const asTree = repo.index.has("tree", blob) ? " (it is indexed as a tree blob)" : "";
  errors.push({
    kind: "blob_missing",
    snapshot,
    blob,
    message: `snapshot ${snapshot}: tree ${treeId}: data blob ${blob} is not in the index${asTree}`,
  });
}
