// Index files map blobs to the packs holding them (RESTIC-FORMAT.md §9). The master index is
// the union of all index files; index files may overlap.
import type { BlobType, PackBlob } from "./pack";

export interface IndexEntry {
  packId: string;
  offset: number;
  length: number;
  uncompressedLength: number;
}

export interface IndexPack {
  id: string;
  blobs: PackBlob[];
}

interface JsonIndex {
  supersedes?: string[];
  packs: {
    id: string;
    blobs: { id: string; type: BlobType; offset: number; length: number; uncompressed_length?: number }[];
  }[];
}

export function encodeIndex(packs: readonly IndexPack[]): string {
  const json = {
    packs: packs.map((p) => ({
      id: p.id,
      blobs: p.blobs.map((b) => ({
        id: b.id,
        type: b.type,
        offset: b.offset,
        length: b.length,
        ...(b.uncompressedLength ? { uncompressed_length: b.uncompressedLength } : {}),
      })),
    })),
  };
  // restic's index encoder (json.Encoder) ends with a newline.
  return `${JSON.stringify(json)}\n`;
}

export function decodeIndex(text: string): IndexPack[] {
  const json = JSON.parse(text) as JsonIndex;
  if (!json || !Array.isArray(json.packs)) throw new Error("index file has no packs list");
  return json.packs.map((p) => ({
    id: p.id,
    blobs: (p.blobs ?? []).map((b) => ({
      type: b.type,
      id: b.id,
      offset: b.offset,
      length: b.length,
      uncompressedLength: b.uncompressed_length ?? 0,
    })),
  }));
}

export class MasterIndex {
  private readonly data = new Map<string, IndexEntry>();
  private readonly tree = new Map<string, IndexEntry>();
  /** Which index files were loaded, and the packs each names (for prune and check). */
  readonly files = new Map<string, IndexPack[]>();

  private mapOf(type: BlobType): Map<string, IndexEntry> {
    return type === "data" ? this.data : this.tree;
  }

  addPack(pack: IndexPack): void {
    for (const b of pack.blobs) {
      const map = this.mapOf(b.type);
      if (!map.has(b.id)) {
        map.set(b.id, {
          packId: pack.id,
          offset: b.offset,
          length: b.length,
          uncompressedLength: b.uncompressedLength,
        });
      }
    }
  }

  /** Forgets everything loaded, e.g. after prune replaced the index files and removed packs. */
  clear(): void {
    this.data.clear();
    this.tree.clear();
    this.files.clear();
  }

  addFile(fileId: string, packs: IndexPack[]): void {
    this.files.set(fileId, packs);
    for (const p of packs) this.addPack(p);
  }

  lookup(type: BlobType, id: string): IndexEntry | undefined {
    return this.mapOf(type).get(id);
  }

  has(type: BlobType, id: string): boolean {
    return this.mapOf(type).has(id);
  }

  get size(): number {
    return this.data.size + this.tree.size;
  }

  count(type: BlobType): number {
    return this.mapOf(type).size;
  }

  ids(type: BlobType): IterableIterator<string> {
    return this.mapOf(type).keys();
  }

  *entries(type: BlobType): IterableIterator<[string, IndexEntry]> {
    yield* this.mapOf(type).entries();
  }

  /** Every pack any loaded index file names, with all its blobs. */
  packs(): Map<string, PackBlob[]> {
    const out = new Map<string, PackBlob[]>();
    for (const packs of this.files.values()) {
      for (const p of packs) if (!out.has(p.id)) out.set(p.id, p.blobs);
    }
    return out;
  }
}
