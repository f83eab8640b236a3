// Writes blobs that are already sealed into new packs, bypassing the repository's dedup (the
// index still lists the old copies until prune swaps it). Sealed bytes move as they are: same
// master key, so no re-encryption; each blob is verified before it moves.
import type { Backend } from "../backend/backend";
import { type MasterKey, sha256Hex } from "../crypto";
import type { IndexPack } from "../index-file";
import { type BlobType, PackWriter } from "../pack";

export class RawPacker {
  private readonly writers: Record<BlobType, PackWriter> = { data: new PackWriter(), tree: new PackWriter() };
  readonly written: IndexPack[] = [];
  bytesWritten = 0;

  constructor(
    private readonly backend: Backend,
    private readonly key: MasterKey,
    private readonly packSize: number,
  ) {}

  async add(type: BlobType, id: string, sealed: Buffer, uncompressedLength: number): Promise<void> {
    const writer = this.writers[type];
    writer.add(type, id, sealed, uncompressedLength);
    if (writer.byteSize >= this.packSize) await this.writePack(type);
  }

  /** Writes the open packs; afterwards `written` names every pack that is durable. */
  async flush(): Promise<void> {
    await this.writePack("data");
    await this.writePack("tree");
  }

  private async writePack(type: BlobType): Promise<void> {
    const writer = this.writers[type];
    if (writer.count === 0) return;
    this.writers[type] = new PackWriter();
    const bytes = writer.finalize(this.key);
    const id = sha256Hex(bytes);
    await this.backend.write("data", id, bytes);
    this.bytesWritten += bytes.length;
    this.written.push({ id, blobs: writer.blobs });
  }
}
