// A restic repository: keys, config, the master index and the packers that write new blobs.
import { randomBytes } from "node:crypto";
import type { Backend, FileType } from "./backend/backend";
import { type Compression, openBlobBytes, type PreparedBlob, prepareBlob } from "./blob";
import { type MasterKey, open, randomMasterKey, SEAL_OVERHEAD, seal, sha256Hex } from "./crypto";
import { EngineError, isEngineError } from "./errors";
import { decodeIndex, encodeIndex, type IndexPack, MasterIndex } from "./index-file";
import { createKeyFile, type EarlyKey, type KdfParams, openKeyFile, parseKeyFile } from "./keyfile";
import type { BlobType, SealedBytes } from "./pack";
import { type OpenPack, openPack } from "./pack-stream";
import { formatPolynomial, isIrreducible, parsePolynomial, randomPolynomial } from "./polynomial";
import { decodeUnpacked, encodeUnpacked } from "./unpacked";

export type { Compression } from "./blob";
export type { BlobType } from "./pack";

export interface RepositoryConfig {
  version: 1 | 2;
  id: string;
  chunkerPolynomial: bigint;
}

export interface InitOptions {
  version?: 1 | 2;
  chunkerPolynomial?: bigint;
  kdf?: KdfParams;
}

export interface RepositoryOptions {
  /** Target pack size in bytes; restic's default is 16 MiB. */
  packSize?: number;
  /**
   * Key derivations already under way (the CLI's launcher starts one before the CLI loads);
   * open takes the one that matches a key file's salt and parameters, and derives otherwise.
   */
  earlyKeys?: EarlyKey[];
}

const DEFAULT_PACK_SIZE = 16 * 1024 * 1024;
/** restic writes an index file once it holds this many blobs. */
const INDEX_FULL_BLOBS = 50_000;
/** Packs being written at once per blob type; bounds memory while keeping the disk busy. */
const MAX_PACK_WRITES = 2;
/** restic tries at most this many key files before giving up. */
const MAX_KEYS_TRIED = 20;

export class Repository {
  compression: Compression = "auto";
  readonly index = new MasterIndex();
  currentKeyId = "";
  private readonly packers: Record<BlobType, OpenPack>;
  private readonly pending: Record<BlobType, Set<string>> = { data: new Set(), tree: new Set() };
  private readonly writes = new Set<Promise<void>>();
  private unindexed: IndexPack[] = [];
  private unindexedBlobs = 0;
  private writeError: unknown;
  private readonly packSize: number;
  /**
   * Set by backups: an index file is also written once this many stored packs, or this much
   * time, went unindexed, so what a killed backup stored is found by the next one (and by
   * restic). Prune and copy write their index at the end only, as before.
   */
  indexCheckpoint?: { everyPacks: number; everyMs: number };
  private lastIndexAt = Date.now();

  private constructor(
    readonly backend: Backend,
    readonly config: RepositoryConfig,
    readonly key: MasterKey,
    opts: RepositoryOptions = {},
  ) {
    this.packSize = opts.packSize ?? DEFAULT_PACK_SIZE;
    this.packers = { data: openPack(backend), tree: openPack(backend) };
  }

  static async init(
    backend: Backend,
    password: string,
    opts: InitOptions & RepositoryOptions = {},
  ): Promise<Repository> {
    const config: RepositoryConfig = {
      version: opts.version ?? 2,
      id: randomBytes(32).toString("hex"),
      chunkerPolynomial: opts.chunkerPolynomial ?? randomPolynomial(),
    };
    await backend.create();
    const key = randomMasterKey();
    const keyFile = await createKeyFile(password, key, { kdf: opts.kdf });
    await backend.write("keys", keyFile.id, keyFile.bytes);
    const configJson = JSON.stringify({
      version: config.version,
      id: config.id,
      chunker_polynomial: formatPolynomial(config.chunkerPolynomial),
    });
    // The config is sealed but never compressed, whatever the version.
    await backend.write("config", "", seal(key, Buffer.from(configJson)));
    const repo = new Repository(backend, config, key, opts);
    repo.currentKeyId = keyFile.id;
    return repo;
  }

  static async open(backend: Backend, password: string, opts: RepositoryOptions = {}): Promise<Repository> {
    const sealedConfig = await backend.read("config", "").catch((err) => {
      if (isEngineError(err, "not_found")) {
        throw new EngineError("not_found", `no repository at ${backend.location()} (config file missing)`);
      }
      throw err;
    });
    const { key, keyId } = await findKey(backend, password, opts.earlyKeys);
    const raw = JSON.parse(open(key, sealedConfig).toString("utf8")) as {
      version: number;
      id: string;
      chunker_polynomial: string;
    };
    if (raw.version !== 1 && raw.version !== 2) {
      throw new EngineError("unsupported", `repository version ${raw.version} is not supported`);
    }
    const polynomial = parsePolynomial(raw.chunker_polynomial);
    if (!isIrreducible(polynomial)) throw new EngineError("corrupt", "invalid chunker polynomial");
    const repo = new Repository(
      backend,
      { version: raw.version, id: raw.id, chunkerPolynomial: polynomial },
      key,
      opts,
    );
    repo.currentKeyId = keyId;
    return repo;
  }

  async loadIndex(): Promise<void> {
    for await (const file of this.backend.list("index")) {
      if (this.index.files.has(file.name)) continue;
      const text = await this.loadUnpacked("index", file.name);
      let packs: IndexPack[];
      try {
        packs = decodeIndex(text);
      } catch (err) {
        throw new EngineError("corrupt", `index ${file.name} cannot be decoded`, { cause: err });
      }
      this.index.addFile(file.name, packs);
    }
  }

  /** Every blob of the type that the index or the unwritten packs hold, once each. */
  *blobIds(type: BlobType): Generator<string> {
    yield* this.index.ids(type);
    for (const id of this.pending[type]) if (!this.index.has(type, id)) yield id;
  }

  /** At least the number of IDs blobIds() yields. */
  blobCount(type: BlobType): number {
    return this.index.count(type) + this.pending[type].size;
  }

  /** A blob's size before compression and encryption, from the index; undefined if not indexed. */
  plainSize(type: BlobType, id: string): number | undefined {
    const entry = this.index.lookup(type, id);
    if (!entry) return undefined;
    return entry.uncompressedLength || entry.length - SEAL_OVERHEAD;
  }

  hasBlob(type: BlobType, id: string): boolean {
    return this.index.has(type, id) || this.pending[type].has(id);
  }

  async loadBlob(type: BlobType, id: string): Promise<Buffer> {
    const entry = this.index.lookup(type, id);
    if (!entry) throw new EngineError("not_found", `${type} blob ${id} is not in the index`);
    const sealed = await this.backend.read("data", entry.packId, {
      offset: entry.offset,
      length: entry.length,
    });
    return this.openBlob(type, id, sealed, entry.uncompressedLength, entry.packId);
  }

  /** Decrypts, decompresses and verifies one blob's stored bytes. */
  openBlob(type: BlobType, id: string, sealed: Buffer, uncompressedLength: number, packId: string): Buffer {
    return openBlobBytes(this.key, type, id, sealed, uncompressedLength, packId);
  }

  prepare(type: BlobType, bytes: Uint8Array, id?: string): PreparedBlob {
    return prepareBlob(this.key, type, bytes, this.compression, this.config.version, id);
  }

  async saveBlob(
    type: BlobType,
    bytes: Buffer,
    id: string = sha256Hex(bytes),
  ): Promise<{ id: string; known: boolean; storedSize: number }> {
    if (this.hasBlob(type, id)) return { id, known: true, storedSize: 0 };
    const prepared = this.prepare(type, bytes, id);
    await this.savePreparedBlob(type, prepared);
    return { id, known: false, storedSize: prepared.sealed.length };
  }

  /**
   * Adds an already compressed and sealed blob; returns false when the repository had it. Its
   * bytes may come in pieces (backup workers send IV and MAC apart from the ciphertext).
   * `release`, if given, is called once `blob.sealed` is no longer read here: when its bytes
   * are stored in a pack, or at once when the repository had the blob.
   */
  async savePreparedBlob(
    type: BlobType,
    blob: { id: string; sealed: SealedBytes; uncompressedLength: number },
    release?: () => void,
  ): Promise<boolean> {
    this.throwIfWriteFailed();
    if (this.hasBlob(type, blob.id)) {
      release?.();
      return false;
    }
    this.pending[type].add(blob.id);
    const packer = this.packers[type];
    const adding = packer.add(type, blob.id, blob.sealed, blob.uncompressedLength, release);
    if (packer.byteSize >= this.packSize) await this.writePack(type);
    await adding;
    return true;
  }

  private async writePack(type: BlobType): Promise<void> {
    const packer = this.packers[type];
    if (packer.count === 0) return;
    this.packers[type] = openPack(this.backend);
    while (this.writes.size >= MAX_PACK_WRITES) await Promise.race(this.writes);
    const write = packer.close(this.key).then(
      (packId) => {
        this.unindexed.push({ id: packId, blobs: packer.blobs });
        this.unindexedBlobs += packer.blobs.length;
      },
      (err) => {
        this.writeError ??= err;
      },
    );
    const tracked = write.finally(() => this.writes.delete(tracked));
    this.writes.add(tracked);
    if (this.unindexedBlobs >= INDEX_FULL_BLOBS || this.checkpointDue()) await this.writeIndex();
  }

  private checkpointDue(): boolean {
    const every = this.indexCheckpoint;
    if (!every || this.unindexed.length === 0) return false;
    return this.unindexed.length >= every.everyPacks || Date.now() - this.lastIndexAt >= every.everyMs;
  }

  private throwIfWriteFailed(): void {
    if (this.writeError) throw this.writeError;
  }

  /** Index files name only packs that are already durable, so a crash never leaves a dangling entry. */
  private async writeIndex(): Promise<void> {
    const packs = this.unindexed;
    if (packs.length === 0) return;
    this.unindexed = [];
    this.unindexedBlobs = 0;
    this.lastIndexAt = Date.now();
    const fileId = await this.saveUnpacked("index", encodeIndex(packs));
    this.index.addFile(fileId, packs);
    for (const p of packs) for (const b of p.blobs) this.pending[b.type].delete(b.id);
  }

  /**
   * Drops the blobs of packs not yet written (after a failed or cancelled backup), so no
   * partial pack file is left behind. Packs already written stay, unindexed, for prune.
   */
  async discardOpenPacks(): Promise<void> {
    for (const type of ["data", "tree"] as const) {
      const packer = this.packers[type];
      this.packers[type] = openPack(this.backend);
      for (const b of packer.blobs) this.pending[type].delete(b.id);
      await packer.discard();
    }
  }

  /** Writes every open pack, waits until all are stored, then writes the index naming them. */
  async flush(): Promise<void> {
    await this.writePack("data");
    await this.writePack("tree");
    await Promise.all(this.writes);
    this.throwIfWriteFailed();
    await this.writeIndex();
  }

  async saveUnpacked(type: "snapshots" | "locks" | "index", json: string): Promise<string> {
    const sealed = seal(this.key, encodeUnpacked(json, this.config.version));
    const id = sha256Hex(sealed);
    await this.backend.write(type, id, sealed);
    return id;
  }

  async loadUnpacked(type: "snapshots" | "locks" | "index", id: string): Promise<string> {
    const sealed = await this.backend.read(type, id);
    if (sha256Hex(sealed) !== id) throw new EngineError("corrupt", `${type}/${id} does not match its name`);
    try {
      return decodeUnpacked(open(this.key, sealed));
    } catch (err) {
      throw new EngineError("corrupt", `${type}/${id} cannot be decrypted: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  async listFiles(type: FileType): Promise<string[]> {
    const names: string[] = [];
    for await (const f of this.backend.list(type)) names.push(f.name);
    return names;
  }
}

async function findKey(
  backend: Backend,
  password: string,
  early?: EarlyKey[],
): Promise<{ key: MasterKey; keyId: string }> {
  let tried = 0;
  for await (const file of backend.list("keys")) {
    if (tried++ >= MAX_KEYS_TRIED) break;
    try {
      const key = await openKeyFile(parseKeyFile(await backend.read("keys", file.name)), password, early);
      return { key, keyId: file.name };
    } catch (err) {
      if (isEngineError(err, "unauthenticated")) continue;
      throw err;
    }
  }
  throw new EngineError("wrong_password", "wrong password or no key found");
}
