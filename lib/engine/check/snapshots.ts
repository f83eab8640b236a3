// Every snapshot decodes, and every tree and data blob it needs is indexed with the right type;
// trees are loaded (and so verified) once, the first snapshot that needs one is named.
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
        if (node.type === "file")
          for (const blob of node.content ?? []) checkDataBlob(repo, snapshot, treeId, blob, errors);
        if (node.type === "dir" && !node.subtree) {
          errors.push({
            kind: "tree_unreadable",
            snapshot,
            blob: treeId,
            message: `snapshot ${snapshot}: tree ${treeId}: directory "${node.name}" has no subtree`,
          });
        }
      },
    });
  }
  return ids.length;
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
