// The checks that need no pack contents: index entries against pack files and their headers.
import { EngineError } from "../errors";
import { decodeIndex } from "../index-file";
import { type PackBlob, packSizeFromBlobs, readPackHeader } from "../pack";
import type { Repository } from "../repository";
import type { CheckError } from "./types";

export interface PackFacts {
  indexed: Map<string, PackBlob[]>;
  stored: Map<string, number>;
}

/** Loads each index file on its own so one unreadable file is reported, not fatal. */
export async function loadIndexFiles(repo: Repository, errors: CheckError[]): Promise<void> {
  for (const id of await repo.listFiles("index")) {
    if (repo.index.files.has(id)) continue;
    try {
      repo.index.addFile(id, decodeIndex(await repo.loadUnpacked("index", id)));
    } catch (err) {
      errors.push({ kind: "index_unreadable", message: `index ${id}: ${(err as Error).message}` });
    }
  }
}

export async function gatherPacks(repo: Repository): Promise<PackFacts> {
  const stored = new Map<string, number>();
  for await (const f of repo.backend.list("data")) stored.set(f.name, f.size);
  return { indexed: repo.index.packs(), stored };
}

export function orphanedPacks({ indexed, stored }: PackFacts): string[] {
  return [...stored.keys()].filter((id) => !indexed.has(id)).sort();
}

/** Sizes, offsets and blob types of every indexed pack; returns the packs worth reading further. */
export function checkPackSizes({ indexed, stored }: PackFacts, errors: CheckError[]): string[] {
  const present: string[] = [];
  for (const [pack, blobs] of indexed) {
    const size = stored.get(pack);
    if (size === undefined) {
      errors.push({
        kind: "pack_missing",
        pack,
        message: `pack ${pack} does not exist (the index names ${blobs.length} blobs in it)`,
      });
      continue;
    }
    present.push(pack);
    const expected = packSizeFromBlobs(blobs);
    if (size !== expected) {
      errors.push({
        kind: "pack_size",
        pack,
        message: `pack ${pack}: unexpected file size: got ${size}, expected ${expected}`,
      });
    }
    for (const b of blobs) {
      if (b.offset + b.length > size) {
        errors.push({
          kind: "index_past_end",
          pack,
          blob: b.id,
          message: `pack ${pack}: index entry for ${b.type} blob ${b.id} (offset ${b.offset}, length ${b.length}) points past the pack's end (${size} bytes)`,
        });
      }
    }
    if (new Set(blobs.map((b) => b.type)).size > 1) {
      errors.push({ kind: "pack_mixed", pack, message: `pack ${pack} mixes data and tree blobs` });
    }
  }
  return present.sort();
}

/** Reads each pack's header (a ranged read of its tail) and compares it with the index. */
export async function checkPackHeaders(
  repo: Repository,
  facts: PackFacts,
  packs: string[],
  errors: CheckError[],
): Promise<void> {
  for (const pack of packs) {
    try {
      const header = await readPackHeader(repo.backend, repo.key, pack, facts.stored.get(pack) ?? 0);
      compareWithIndex(pack, header, facts.indexed.get(pack) ?? [], errors);
    } catch (err) {
      const message =
        err instanceof EngineError
          ? err.message
          : `pack ${pack}: header unreadable: ${(err as Error).message}`;
      errors.push({
        kind: "pack_header",
        pack,
        message: message.startsWith("pack ") ? message : `pack ${pack}: ${message}`,
      });
    }
  }
}

const blobKey = (b: PackBlob) => `${b.type}/${b.id}@${b.offset}+${b.length}/${b.uncompressedLength}`;

export function compareWithIndex(
  pack: string,
  header: PackBlob[],
  indexed: PackBlob[],
  errors: CheckError[],
): void {
  const inHeader = new Set(header.map(blobKey));
  const inIndex = new Set(indexed.map(blobKey));
  for (const b of indexed) {
    if (!inHeader.has(blobKey(b))) {
      errors.push({
        kind: "pack_header",
        pack,
        blob: b.id,
        message: `pack ${pack}: ${b.type} blob ${b.id} in the index (offset ${b.offset}, length ${b.length}) is not in the pack's header as indexed`,
      });
    }
  }
  for (const b of header) {
    if (!inIndex.has(blobKey(b))) {
      errors.push({
        kind: "pack_header",
        pack,
        blob: b.id,
        message: `pack ${pack}: ${b.type} blob ${b.id} in the pack's header is not in the index as stored`,
      });
    }
  }
}
