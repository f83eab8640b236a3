// The main-thread side of file processing: hands files to worker threads, shares the
// repository's known data blobs with them (known-blobs.ts), and feeds the new blobs they send
// into packs.
import os from "node:os";
import { Worker } from "node:worker_threads";
import type { Node } from "../node";
import { type SealedBytes, sealedLength } from "../pack";
import { formatPolynomial } from "../polynomial";
import type { Repository } from "../repository";
import { siblingFile, workerExecArgv } from "../worker-file";
import { collectEvery, collectOnGrowth, retire } from "./gc";
import { KnownBlobs } from "./known-blobs";
import {
  type Batch,
  createBatcher,
  type FileStatus,
  type FromWorker,
  type ParentFacts,
  type PreviousChunks,
  type ToWorker,
  type WorkerInit,
} from "./protocol";

export interface FileResult {
  status: FileStatus;
  node?: Node;
  error?: string;
}

interface Job {
  resolve: (r: FileResult) => void;
  worker: Slot;
  weight: number;
}

/** Structured clone turns Buffers into plain Uint8Arrays; restore them. */
function revive(node: Node | undefined): Node | undefined {
  if (!node) return node;
  if (node.nameRaw) node.nameRaw = Buffer.from(node.nameRaw);
  if (node.linktargetRaw) node.linktargetRaw = Buffer.from(node.linktargetRaw);
  return node;
}

interface Slot {
  worker: Worker;
  outstanding: number;
  /** The estimated work of its outstanding files (see weightOf). */
  load: number;
  outbox: ReturnType<typeof createBatcher<ToWorker>>;
}

export interface FileStats {
  dataBlobs: number;
  dataAdded: number;
  dataAddedPacked: number;
}

const WORKER_URL = siblingFile(import.meta.url, "./file-worker.mjs");
/** A small young generation, as for restore's workers: their garbage is messages and Buffer headers. */
const WORKER_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 4 }, execArgv: workerExecArgv() };
const warm: Worker[] = [];

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(os.availableParallelism(), 4));
}

/**
 * Starts file workers ahead of need. Loading a worker takes a few hundred milliseconds; a CLI
 * calls this before deriving the repository key so both happen at once.
 */
export function prewarmFileWorkers(count = defaultWorkerCount()): void {
  while (warm.length < count) {
    const w = new Worker(WORKER_URL, WORKER_OPTIONS);
    w.unref();
    warm.push(w);
  }
}

/**
 * A file's expected cost, in units of one small file, for sharing files out between workers:
 * reading and chunking 64 KiB costs about what looking at a file does. Only the parent
 * snapshot tells a file's size before a worker looks at it; files new since then count as
 * small. Sharing out by file count alone, the big logs of the benchmark queued behind one
 * worker's small files while the other worker sat idle (0.4 s of a 2.3 s incremental).
 */
function weightOf(parent: ParentFacts | undefined): number {
  return 1 + (parent ? Number(parent.size) / (64 * 1024) : 0);
}

/** Files queued per worker: enough to keep it busy between messages, few enough to balance. */
const JOBS_PER_WORKER = 64;
/**
 * Received blobs die in this thread once their pack batch is written. Each one's memory is
 * handed to an unreferenced ArrayBuffer then (gc.ts's retire), so a collection of the young
 * generation every 4 MiB received frees it, even for blobs that lived long enough to be
 * promoted. Before, a full collection every 12 MiB did that: 19-20 of them took 230-400 ms of
 * this thread in a first backup of the benchmark, and up to 12 MiB of dead blobs waited
 * between them. A full collection every 24 MiB still clears what else this thread promotes
 * (without it the first backup peaked ~10 MB higher). Alternating runs: 147-151 MB peak, GC
 * 175-215 ms, against 148-165 MB and 230-400 ms.
 */
const MINOR_GC_EVERY_BYTES = 4 * 1024 * 1024;
const MAJOR_GC_EVERY_BYTES = 24 * 1024 * 1024;
/**
 * A backup that stores little (an incremental one) gets few of those, while comparing files
 * with the parent snapshot's trees leaves dead objects in this thread's old generation: 24 MB
 * of old space for 6 MB live, 1.2 s into the benchmark's incremental backup. A full collection
 * whenever the heap grew by 8 MB since the last one (checked every 256 files): incremental
 * backup 140-142 MB peak against 153-156 MB.
 */
const MAJOR_GC_GROWTH = 8 * 1024 * 1024;

export interface FilePoolOptions {
  workers?: number;
  /** BackupOptions.workerNice. */
  nice?: number;
  /** BackupOptions.fullCollections. */
  fullCollections?: boolean;
}

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export class FilePool {
  private readonly slots: Slot[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextJob = 0;
  private waitingForSlot: (() => void)[] = [];
  private saving: Promise<void> = Promise.resolve();
  private failure: unknown;
  readonly stats: FileStats = { dataBlobs: 0, dataAdded: 0, dataAddedPacked: 0 };
  private readonly countMinor = collectEvery(MINOR_GC_EVERY_BYTES, "minor");
  private readonly countMajor: (bytes: number) => void = collectEvery(MAJOR_GC_EVERY_BYTES);
  private readonly checkGrowth: () => void = collectOnGrowth(MAJOR_GC_GROWTH);
  private filesDone = 0;
  onBytes: (n: number) => void = () => {};

  constructor(
    private readonly repo: Repository,
    { workers = defaultWorkerCount(), nice, fullCollections = true }: FilePoolOptions = {},
  ) {
    if (!fullCollections) {
      this.countMajor = () => {};
      this.checkGrowth = () => {};
    }
    const init: WorkerInit = {
      nice,
      key: repo.key,
      polynomial: formatPolynomial(repo.config.chunkerPolynomial),
      compression: repo.compression,
      version: repo.config.version,
      known: KnownBlobs.build(repo.blobIds("data"), repo.blobCount("data")).buffer,
    };
    for (let i = 0; i < workers; i++) {
      const worker = warm.pop() ?? new Worker(WORKER_URL, WORKER_OPTIONS);
      worker.ref();
      const outbox = createBatcher<ToWorker>((batch) => worker.postMessage(batch));
      const slot: Slot = { worker, outstanding: 0, load: 0, outbox };
      outbox.send({ t: "init", init });
      worker.on("message", (batch: Batch<FromWorker>) => {
        for (const msg of batch.msgs) this.onMessage(slot, msg);
      });
      worker.on("error", (err) => this.fail(err));
      this.slots.push(slot);
    }
  }

  private fail(err: unknown) {
    this.failure ??= err;
    for (const job of this.jobs.values()) job.resolve({ status: "error", error: String(err) });
    this.jobs.clear();
  }

  private send(slot: Slot, msg: ToWorker) {
    slot.outbox.send(msg);
  }

  private onMessage(slot: Slot, msg: FromWorker) {
    if (msg.t === "bytes") {
      this.onBytes(msg.n);
    } else if (msg.t === "blob") {
      const ivMac = asBuffer(msg.ivMac);
      const ciphertext = asBuffer(msg.ciphertext);
      const sealed = [ivMac.subarray(0, 16), ciphertext, ivMac.subarray(16)];
      // Once written, nothing reads the ciphertext again: its memory is freed at the next
      // collection of the young generation (MINOR_GC_EVERY_BYTES).
      this.store(slot, [{ id: msg.id, sealed, uncompressedLength: msg.uncompressedLength }], () =>
        retire(ciphertext),
      );
    } else if (msg.t === "blobs") {
      const bytes = asBuffer(msg.bytes);
      let end = 0;
      const blobs = msg.entries.map((e) => {
        end += e.length;
        return {
          id: e.id,
          sealed: bytes.subarray(end - e.length, end),
          uncompressedLength: e.uncompressedLength,
        };
      });
      this.store(slot, blobs, () => retire(bytes));
    } else {
      if (msg.bytes) this.onBytes(msg.bytes);
      // Queue depth counts files not yet done.
      slot.outstanding--;
      if (++this.filesDone % 256 === 0) this.checkGrowth();
      this.waitingForSlot.shift()?.();
      const job = this.jobs.get(msg.job);
      if (!job) return;
      slot.load -= job.weight;
      this.jobs.delete(msg.job);
      // The result resolves only after the blobs this worker sent before it are in a packer.
      // A chunk that another worker sealed may still be on its way; the snapshot is saved
      // only after every worker's blobs are packed and indexed (drain, then flush).
      void this.saving.then(() =>
        job.resolve({ status: msg.status, node: revive(msg.node), error: msg.error }),
      );
    }
  }

  /**
   * Hands a worker's sealed blobs to the packer, in order after everything received before;
   * `release` runs once none of their bytes is read any more. Acknowledges their bytes to the
   * worker as one.
   */
  private store(
    slot: Slot,
    blobs: { id: string; sealed: SealedBytes; uncompressedLength: number }[],
    release: () => void,
  ) {
    let unread = blobs.length;
    const releaseOne = () => {
      if (--unread === 0) release();
    };
    this.saving = this.saving
      .then(async () => {
        let bytes = 0;
        for (const blob of blobs) {
          const length = sealedLength(blob.sealed);
          // Not added: another worker sealed the same new chunk first.
          if (await this.repo.savePreparedBlob("data", blob, releaseOne)) {
            this.stats.dataBlobs++;
            this.stats.dataAdded += blob.uncompressedLength || length - 32;
            this.stats.dataAddedPacked += length;
          }
          bytes += length;
        }
        this.send(slot, { t: "saved", bytes });
        this.countMinor(bytes);
        this.countMajor(bytes);
      })
      .catch((err) => this.fail(err));
  }

  private async freeSlot(): Promise<Slot> {
    for (;;) {
      if (this.failure) throw this.failure;
      let slot: Slot | undefined;
      for (const s of this.slots) {
        if (s.outstanding < JOBS_PER_WORKER && (!slot || s.load < slot.load)) slot = s;
      }
      if (slot) return slot;
      await new Promise<void>((r) => this.waitingForSlot.push(r));
    }
  }

  /**
   * Waits for room in a worker's queue, then returns the pending result of that file (wrapped:
   * a promise resolved with a promise would wait for both).
   */
  async submit(
    path: Buffer,
    name: Buffer,
    parent?: ParentFacts,
    previous?: PreviousChunks,
  ): Promise<{ result: Promise<FileResult> }> {
    const slot = await this.freeSlot();
    const weight = weightOf(parent);
    slot.outstanding++;
    slot.load += weight;
    const job = this.nextJob++;
    const result = new Promise<FileResult>((resolve) =>
      this.jobs.set(job, { resolve, worker: slot, weight }),
    );
    this.send(slot, { t: "file", job, path, name, parent, previous });
    return { result };
  }

  /** Waits for every blob to reach the packer. */
  async drain(): Promise<void> {
    await this.saving;
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
