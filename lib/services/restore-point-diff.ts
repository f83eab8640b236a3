// "What changed" between a restore point and the asset's previous one (or any other point of the
// same repository): added, removed and modified files with sizes, walked from both trees at once.
// Folders whose subtree IDs are equal are identical (content-addressed), so they are skipped whole:
// the cost follows the size of the change, not of the tree.
import { and, desc, eq, lt, or } from "drizzle-orm";
import { z } from "zod";
import { restorePoints } from "@/db/schema";
import { service } from "@/lib/auth/context";
import type { Node, Repository } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "./context";
import { findRestorePoint } from "./lookup";
import { parseInput } from "./parse-input";
import { cachedSnapshot, cachedTree } from "./repository-cache";
import { openPoint, release } from "./restore-points";

const diffInput = z.object({
  restorePoint: z.string().min(1),
  /** The older point; the asset's previous one when absent. */
  against: z.string().min(1).optional(),
  /** At most this many changes listed (totals always count all of them). */
  limit: z.number().int().min(1).max(10_000).default(1000),
});

export interface Change {
  path: string;
  change: "added" | "removed" | "modified";
  type: string;
  sizeBefore: number | null;
  sizeAfter: number | null;
}

export const diffRestorePoints = service(
  "viewer",
  async function diffRestorePoints(ctx: ServiceContext, input: z.input<typeof diffInput>) {
    const data = parseInput(diffInput, input);
    const newer = await findRestorePoint(ctx.db, data.restorePoint);
    const older = data.against
      ? await findRestorePoint(ctx.db, data.against)
      : await previousPoint(ctx, newer);
    if (!older)
      return { restorePoint: newer.id, against: null, totals: emptyTotals(), changes: [], truncated: false };
    if (older.repositoryId !== newer.repositoryId)
      throw new AppError("invalid_input", "against: the two restore points are in different repositories.");
    const opened = await openPoint(ctx, newer.id, "/");
    try {
      const before = await cachedSnapshot(opened.repo, opened.scope, older.snapshotId);
      const walk = new DiffWalk(opened.repo, opened.scope, data.limit);
      await walk.compare("/", before.tree, opened.snapshot.tree);
      return {
        restorePoint: newer.id,
        against: { id: older.id, time: older.time },
        totals: walk.totals,
        changes: walk.changes,
        truncated: walk.truncated,
      };
    } finally {
      release(opened.repo);
    }
  },
);

/** The asset's restore point just before `point` (by time, then id), or null. */
export async function previousPoint(ctx: ServiceContext, point: { id: string; assetId: string; time: Date }) {
  const [row] = await ctx.db
    .select()
    .from(restorePoints)
    .where(
      and(
        eq(restorePoints.assetId, point.assetId),
        or(
          lt(restorePoints.time, point.time),
          and(eq(restorePoints.time, point.time), lt(restorePoints.id, point.id)),
        ),
      ),
    )
    .orderBy(desc(restorePoints.time), desc(restorePoints.id))
    .limit(1);
  return row ?? null;
}

const emptyTotals = () => ({ added: 0, removed: 0, modified: 0, bytesAdded: 0, bytesRemoved: 0 });

class DiffWalk {
  totals = emptyTotals();
  changes: Change[] = [];
  truncated = false;
  constructor(
    private repo: Repository,
    private scope: string,
    private limit: number,
  ) {}

  private record(change: Change) {
    this.totals[change.change]++;
    this.totals.bytesAdded += Math.max(0, (change.sizeAfter ?? 0) - (change.sizeBefore ?? 0));
    this.totals.bytesRemoved += Math.max(0, (change.sizeBefore ?? 0) - (change.sizeAfter ?? 0));
    if (this.changes.length < this.limit) this.changes.push(change);
    else this.truncated = true;
  }

  /** Two trees by ID: equal IDs are equal contents, so nothing below is read. */
  async compare(at: string, before: string | undefined, after: string | undefined): Promise<void> {
    if (before === after) return;
    const [a, b] = await Promise.all([
      before ? cachedTree(this.repo, this.scope, before) : Promise.resolve([] as Node[]),
      after ? cachedTree(this.repo, this.scope, after) : Promise.resolve([] as Node[]),
    ]);
    // Trees list their nodes sorted by name (restic writes them so): one merge pass, no maps.
    const x0 = byName(a);
    const y0 = byName(b);
    let i = 0;
    let j = 0;
    while (i < x0.length || j < y0.length) {
      const xi = x0[i];
      const yj = y0[j];
      const order = !xi ? 1 : !yj ? -1 : xi.name < yj.name ? -1 : xi.name > yj.name ? 1 : 0;
      const x = order <= 0 ? xi : undefined;
      const y = order >= 0 ? yj : undefined;
      if (x) i++;
      if (y) j++;
      const name = (x ?? y)?.name as string;
      const p = at === "/" ? `/${name}` : `${at}/${name}`;
      if (x?.type === "dir" || y?.type === "dir") {
        // A folder on either side: recurse (a folder replaced by a file is a removal plus an add).
        if (x && y && x.type !== y.type) {
          if (x.type === "dir") await this.compare(p, x.subtree, undefined);
          else this.record(entry(p, "removed", x, undefined));
          if (y.type === "dir") await this.compare(p, undefined, y.subtree);
          else this.record(entry(p, "added", undefined, y));
        } else {
          await this.compare(p, x?.subtree, y?.subtree);
        }
      } else if (!x && y) this.record(entry(p, "added", undefined, y));
      else if (x && !y) this.record(entry(p, "removed", x, undefined));
      else if (x && y && !sameFile(x, y)) this.record(entry(p, "modified", x, y));
    }
  }
}

/** The nodes in name order: as stored, unless a foreign writer did not sort them (then a copy). */
export function byName(nodes: Node[]): Node[] {
  for (let k = 1; k < nodes.length; k++) {
    if ((nodes[k - 1] as Node).name >= (nodes[k] as Node).name)
      return nodes.slice().sort((m, n) => (m.name < n.name ? -1 : m.name > n.name ? 1 : 0));
  }
  return nodes;
}

export function sameFile(x: Node, y: Node): boolean {
  if (x.type !== y.type || x.size !== y.size || x.linktarget !== y.linktarget) return false;
  const a = x.content ?? [];
  const b = y.content ?? [];
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function entry(p: string, change: Change["change"], x: Node | undefined, y: Node | undefined): Change {
  return {
    path: p,
    change,
    type: (y ?? x)?.type ?? "file",
    sizeBefore: x ? Number(x.size ?? 0) : null,
    sizeAfter: y ? Number(y.size ?? 0) : null,
  };
}
