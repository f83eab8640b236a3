// "What changed" as a tree that opens lazily: the changed entries of ONE folder between two
// restore points, each changed folder openable in turn. Both sides are read from the trees at that
// folder (cached by ID); a folder whose subtree ID is equal on both sides did not change and is
// left out without being read, so opening a folder costs its two trees, whatever lies below.
import path from "node:path";
import { z } from "zod";
import { service } from "@/lib/auth/context";
import { isEngineError, type Node } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "./context";
import { findRestorePoint } from "./lookup";
import { parseInput } from "./parse-input";
import { cachedFindNode, cachedSnapshot, cachedTree } from "./repository-cache";
import { byName, previousPoint, sameFile } from "./restore-point-diff";
import { openPoint, release } from "./restore-points";

const folderInput = z.object({
  restorePoint: z.string().min(1),
  /** The point compared with; the asset's previous one when absent. */
  against: z.string().min(1).optional(),
  /** The folder (relative to the asset's folder, or absolute); the asset's folder when absent. */
  path: z.string().optional(),
});

export interface FolderChange {
  name: string;
  path: string;
  type: string;
  change: "added" | "removed" | "modified";
  /** A folder on either side: it can be opened. */
  folder: boolean;
  sizeBefore: number | null;
  sizeAfter: number | null;
}

export const diffFolder = service(
  "viewer",
  async function diffFolder(ctx: ServiceContext, input: z.input<typeof folderInput>) {
    const data = parseInput(folderInput, input);
    const newer = await findRestorePoint(ctx.db, data.restorePoint);
    const older = data.against
      ? await findRestorePoint(ctx.db, data.against)
      : await previousPoint(ctx, newer);
    const opened = await openPoint(ctx, newer.id, data.path);
    try {
      if (!older) return { path: opened.inside, against: null, entries: [] as FolderChange[] };
      if (older.repositoryId !== newer.repositoryId)
        throw new AppError("invalid_input", "against: the two restore points are in different repositories.");
      const { repo, scope } = opened;
      const before = await cachedSnapshot(repo, scope, older.snapshotId);
      const treeOf = async (snapshot: typeof before) => {
        const node = await cachedFindNode(repo, scope, snapshot, opened.inside).catch((error) => {
          if (isEngineError(error, "not_found")) return null;
          throw error;
        });
        return node?.type === "dir" && node.subtree ? cachedTree(repo, scope, node.subtree) : ([] as Node[]);
      };
      const [a, b] = await Promise.all([treeOf(before), treeOf(opened.snapshot)]);
      return {
        path: opened.inside,
        against: { id: older.id, time: older.time },
        entries: changedEntries(opened.inside, byName(a), byName(b)),
      };
    } finally {
      release(opened.repo);
    }
  },
);

/** One merge pass over two name-sorted folders; unchanged files and equal subtrees drop out. */
function changedEntries(at: string, a: Node[], b: Node[]): FolderChange[] {
  const out: FolderChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const xi = a[i];
    const yj = b[j];
    const order = !xi ? 1 : !yj ? -1 : xi.name < yj.name ? -1 : xi.name > yj.name ? 1 : 0;
    const x = order <= 0 ? xi : undefined;
    const y = order >= 0 ? yj : undefined;
    if (x) i++;
    if (y) j++;
    if (x && y) {
      if (x.type === "dir" && y.type === "dir" && x.subtree === y.subtree) continue;
      if (x.type !== "dir" && y.type !== "dir" && sameFile(x, y)) continue;
    }
    const node = (y ?? x) as Node;
    const folder = x?.type === "dir" || y?.type === "dir";
    out.push({
      name: node.name,
      path: path.posix.join(at, node.name),
      type: node.type,
      change: !x ? "added" : !y ? "removed" : "modified",
      folder,
      sizeBefore: x && x.type !== "dir" ? Number(x.size ?? 0) : null,
      sizeAfter: y && y.type !== "dir" ? Number(y.size ?? 0) : null,
    });
  }
  // Folders first, like the browser.
  return out.sort((m, n) => Number(n.folder) - Number(m.folder));
}
