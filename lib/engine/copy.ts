// copy: snapshots from one repository into another with restic's semantics: only blobs the
// target lacks move, trees before the snapshot that names them, the snapshot last with
// `original` set so a second copy recognises it. Blobs keep their compressed form but are
// re-sealed: the two repositories have different master keys.
import { open, seal } from "./crypto";
import { EngineError } from "./errors";
import { withLock } from "./lock";
import { walkTrees } from "./prune/tree-walk";
import type { BlobType, Repository } from "./repository";
import { findSnapshot, listSnapshots, type Snapshot, saveSnapshot } from "./snapshot";

export interface CopyResult {
  copied: { source: string; target: string }[];
  /** Source snapshots the target already has a copy of. */
  skipped: { source: string; existing: string }[];
  blobsCopied: number;
  bytesCopied: number;
  /** restic warns that data will not deduplicate when the chunker polynomials differ. */
  samePolynomial: boolean;
}

export async function copySnapshots(
  source: Repository,
  target: Repository,
  refs: string[] = [],
  opts: { log?: (line: string) => void } = {},
): Promise<CopyResult> {
  const log = opts.log ?? (() => undefined);
  return withLock(source, false, () =>
    withLock(target, false, async () => {
      await source.loadIndex();
      await target.loadIndex();
      const wanted = refs.length
        ? await Promise.all(refs.map((r) => findSnapshot(source, r)))
        : await listSnapshots(source);
      const existing = await copiesByOriginal(target);
      const result: CopyResult = {
        copied: [],
        skipped: [],
        blobsCopied: 0,
        bytesCopied: 0,
        samePolynomial: source.config.chunkerPolynomial === target.config.chunkerPolynomial,
      };
      for (const sn of wanted) {
        const twin = existing
          .get(sn.original ?? sn.id)
          ?.find((t) => t.tree === sn.tree && t.time === sn.time);
        if (twin) {
          log(
            `skipping source snapshot ${sn.id.slice(0, 8)}, was already copied to snapshot ${twin.id.slice(0, 8)}`,
          );
          result.skipped.push({ source: sn.id, existing: twin.id });
          continue;
        }
        log(
          `\nsnapshot ${sn.id.slice(0, 8)} of [${sn.paths.join(" ")}] at ${sn.time})\n  copy started, this may take a while...`,
        );
        await copyTreeAndData(source, target, sn.tree, result);
        await target.flush();
        const { id: _id, parent: _parent, ...rest } = sn;
        const copyId = await saveSnapshot(target, { ...rest, original: sn.original ?? sn.id });
        log(`snapshot ${copyId.slice(0, 8)} saved`);
        result.copied.push({ source: sn.id, target: copyId });
      }
      return result;
    }),
  );
}

async function copiesByOriginal(target: Repository): Promise<Map<string, Snapshot[]>> {
  const byOriginal = new Map<string, Snapshot[]>();
  for (const s of await listSnapshots(target)) {
    const key = s.original ?? s.id;
    byOriginal.set(key, [...(byOriginal.get(key) ?? []), s]);
  }
  return byOriginal;
}

/** Walks the source trees the target lacks (like restic, a tree the target has is assumed whole). */
async function copyTreeAndData(
  source: Repository,
  target: Repository,
  root: string,
  result: CopyResult,
): Promise<void> {
  const trees: string[] = [];
  const data = new Set<string>();
  await walkTrees(source, [root], {
    shouldLoad: (id) => {
      if (target.hasBlob("tree", id)) return false;
      trees.push(id);
      return true;
    },
    onNode: (_tree, node) => {
      if (node.type === "file")
        for (const id of node.content ?? []) if (!target.hasBlob("data", id)) data.add(id);
    },
  });
  // Data before trees, so no index the target writes names a tree whose content is still missing.
  for (const id of data) await copyBlob(source, target, "data", id, result);
  for (const id of trees) await copyBlob(source, target, "tree", id, result);
}

async function copyBlob(
  source: Repository,
  target: Repository,
  type: BlobType,
  id: string,
  result: CopyResult,
): Promise<void> {
  if (target.hasBlob(type, id)) return;
  const entry = source.index.lookup(type, id);
  if (!entry) throw new EngineError("corrupt", `${type} blob ${id} is missing from the source's index`);
  const sealed = await source.backend.read("data", entry.packId, {
    offset: entry.offset,
    length: entry.length,
  });
  // Verifies MAC, decompression and hash before anything reaches the target.
  const plain = source.openBlob(type, id, sealed, entry.uncompressedLength, entry.packId);
  const prepared =
    entry.uncompressedLength && target.config.version >= 2
      ? {
          id,
          sealed: seal(target.key, open(source.key, sealed)),
          uncompressedLength: entry.uncompressedLength,
        }
      : target.prepare(type, plain, id);
  if (await target.savePreparedBlob(type, prepared)) {
    result.blobsCopied++;
    result.bytesCopied += prepared.sealed.length;
  }
}
