// Open packs: where a repository puts new blobs until a pack is full. On a backend that can
// write a file piece by piece (a local folder) the pack goes to disk as it fills, a batch of
// blobs at a time, and only that batch is in memory; elsewhere (S3) the pack is kept whole in
// memory and written at once. Either way the pack's name is the hash of its bytes, known only
// at the end, and the index that names it is written only after it is durable.
import { createHash } from "node:crypto";
import type { Backend, PartialFile } from "./backend/backend";
import type { MasterKey } from "./crypto";
import {
  type BlobType,
  type PackBlob,
  PackWriter,
  type SealedBytes,
  sealedLength,
  sealedParts,
} from "./pack";

/** Blobs gathered before one append: fewer, larger writes; at most two batches in memory. */
const BATCH_BYTES = 2 * 1024 * 1024;

export interface OpenPack {
  readonly blobs: PackBlob[];
  readonly byteSize: number;
  readonly count: number;
  /**
   * Adds a sealed blob; resolves once memory is bounded again (an earlier batch written).
   * `release`, if given, is called once the pack no longer reads `sealed` (its bytes are
   * stored), so its owner can free it at once; never if the pack fails or is discarded.
   */
  add(
    type: BlobType,
    id: string,
    sealed: SealedBytes,
    uncompressedLength: number,
    release?: () => void,
  ): Promise<void>;
  /** Writes the rest, the header and its length; resolves with the pack's ID once durable. */
  close(key: MasterKey): Promise<string>;
  /** Gives up the pack: nothing of it remains in the repository. */
  discard(): Promise<void>;
}

export function openPack(backend: Backend): OpenPack {
  const createPartial = backend.createPartial?.bind(backend);
  return createPartial ? new StreamedPack(() => createPartial("data")) : new MemoryPack(backend);
}

/** The header's bookkeeping, which both kinds of open pack keep the same way. */
abstract class PackBase {
  protected readonly writer = new PackWriter();

  get blobs() {
    return this.writer.blobs;
  }
  get byteSize() {
    return this.writer.byteSize;
  }
  get count() {
    return this.writer.count;
  }
}

class MemoryPack extends PackBase implements OpenPack {
  private releases: (() => void)[] = [];

  constructor(private readonly backend: Backend) {
    super();
  }

  async add(
    type: BlobType,
    id: string,
    sealed: SealedBytes,
    uncompressedLength: number,
    release?: () => void,
  ): Promise<void> {
    this.writer.add(type, id, sealed, uncompressedLength);
    if (release) this.releases.push(release);
  }

  async close(key: MasterKey): Promise<string> {
    const parts = this.writer.finalizeParts(key);
    const hash = createHash("sha256");
    for (const part of parts) hash.update(part);
    const id = hash.digest("hex");
    await (this.backend.writeParts
      ? this.backend.writeParts("data", id, parts)
      : this.backend.write("data", id, Buffer.concat(parts)));
    for (const release of this.releases) release();
    this.releases = [];
    return id;
  }

  async discard(): Promise<void> {
    this.releases = [];
  }
}

class StreamedPack extends PackBase implements OpenPack {
  private readonly hash = createHash("sha256");
  private file: Promise<PartialFile> | undefined;
  private batch: Buffer[] = [];
  /** The release callbacks of the blobs in `batch`. */
  private releases: (() => void)[] = [];
  private batchBytes = 0;
  /** The append under way; appends run one after another, in order. */
  private appending: Promise<void> = Promise.resolve();

  constructor(private readonly createPartial: () => Promise<PartialFile>) {
    super();
  }

  async add(
    type: BlobType,
    id: string,
    sealed: SealedBytes,
    uncompressedLength: number,
    release?: () => void,
  ): Promise<void> {
    if (release) this.releases.push(release);
    const length = sealedLength(sealed);
    this.writer.record(type, id, length, uncompressedLength);
    for (const part of sealedParts(sealed)) {
      this.hash.update(part);
      this.batch.push(part);
    }
    this.batchBytes += length;
    if (this.batchBytes >= BATCH_BYTES) {
      await this.appending;
      this.appendBatch();
    }
  }

  private appendBatch(): void {
    if (this.batch.length === 0) return;
    const parts = this.batch;
    const releases = this.releases;
    this.batch = [];
    this.releases = [];
    this.batchBytes = 0;
    this.file ??= this.createPartial();
    const file = this.file;
    this.appending = this.appending.then(async () => {
      await (await file).append(parts);
      for (const release of releases) release();
    });
    // A failed append (a full disk) is reported by the next add or close that waits for it;
    // until then it must not count as an unhandled rejection, which ends the process.
    this.appending.catch(() => undefined);
  }

  async close(key: MasterKey): Promise<string> {
    const tail = this.writer.finalizeTail(key);
    for (const part of tail) this.hash.update(part);
    this.batch.push(...tail);
    this.appendBatch();
    try {
      await this.appending;
      const id = this.hash.digest("hex");
      await (await (this.file as Promise<PartialFile>)).commit(id);
      return id;
    } catch (err) {
      await this.discard();
      throw err;
    }
  }

  async discard(): Promise<void> {
    this.batch = [];
    this.releases = [];
    await this.appending.catch(() => undefined);
    const file = await this.file?.catch(() => undefined);
    await file?.abort().catch(() => undefined);
  }
}
