// The main-thread side of a restore's write workers: hands them whole files (with where each
// blob lies) and resolves each file's promise when it is written. Used for local repositories,
// whose pack files the workers can read directly.
import os from "node:os";
import { Worker } from "node:worker_threads";
import { type Batch, createBatcher } from "../backup/protocol";
import { EngineError } from "../errors";
import { type Node, unixPermissions } from "../node";
import type { Repository } from "../repository";
import { parseGoTimeNs } from "../time";
import { siblingFile, workerExecArgv } from "../worker-file";
import { createMode, ownerFor, processGid, processUid, timeArg } from "./metadata";
import type { FileJob, FromWriter, ToWriter } from "./protocol";

const WORKER_URL = siblingFile(import.meta.url, "./write-worker.mjs");
/**
 * A small young generation: a worker's garbage is message objects and Buffer headers, and
 * V8's default (up to ~48 MB of new space per thread) cost ~25 MB of peak memory for nothing.
 */
const WORKER_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 4 }, execArgv: workerExecArgv() };
const warm: Worker[] = [];

/**
 * One write worker per core but one, at most 4: the main thread keeps a core to walk trees and
 * make folders. On 2 cores (one worker) a 10,000-file restore peaked ~30 MB lower (each worker
 * is a V8 isolate with its own scratch buffers) for the same CPU time and no longer wall time
 * on a busy machine (8.5-10.2 s against 10.6-12.6 s, alternating runs).
 */
export function restoreWorkerCount(): number {
  return Math.max(1, Math.min(os.availableParallelism() - 1, 4));
}

/**
 * Starts write workers ahead of need. Loading one takes a few hundred milliseconds of CPU; a
 * CLI calls this before deriving the repository key so both happen at once.
 */
export function prewarmWriteWorkers(count = restoreWorkerCount()): void {
  while (warm.length < count) {
    const w = new Worker(WORKER_URL, WORKER_OPTIONS);
    w.unref();
    warm.push(w);
  }
}

interface Slot {
  worker: Worker;
  outstanding: number;
  outbox: ReturnType<typeof createBatcher<ToWriter>>;
  ended?: () => void;
}

export class WritePool {
  private readonly slots: Slot[] = [];
  private readonly jobs = new Map<number, { resolve: () => void; reject: (e: Error) => void; slot: Slot }>();
  private nextJob = 0;
  private failure: unknown;
  onBytes: (n: number) => void = () => {};

  constructor(root: string, repo: Repository, workers = restoreWorkerCount()) {
    for (let i = 0; i < workers; i++) {
      const worker = warm.pop() ?? new Worker(WORKER_URL, WORKER_OPTIONS);
      worker.ref();
      const outbox = createBatcher<ToWriter>((batch) => worker.postMessage(batch));
      const slot: Slot = { worker, outstanding: 0, outbox };
      outbox.send({ t: "init", init: { key: repo.key, root } });
      worker.on("message", (batch: Batch<FromWriter>) => {
        for (const msg of batch.msgs) this.onMessage(slot, msg);
      });
      worker.on("error", (err) => this.fail(err));
      this.slots.push(slot);
    }
  }

  private fail(err: unknown) {
    this.failure ??= err;
    for (const job of this.jobs.values()) job.reject(err as Error);
    this.jobs.clear();
  }

  private onMessage(slot: Slot, msg: FromWriter) {
    if (msg.t === "progress") {
      this.onBytes(msg.bytes);
    } else if (msg.t === "ended") {
      slot.ended?.();
    } else {
      if (msg.bytes) this.onBytes(msg.bytes);
      const job = this.jobs.get(msg.job);
      if (!job) return;
      this.jobs.delete(msg.job);
      slot.outstanding--;
      if (msg.error === undefined) job.resolve();
      else job.reject(Object.assign(new Error(msg.error), { code: msg.code }));
    }
  }

  /** Restores one file in the least busy worker; settles when it is written. */
  write(job: Omit<FileJob, "t" | "job">): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.slots.reduce((a, b) => (b.outstanding < a.outstanding ? b : a));
    slot.outstanding++;
    const id = this.nextJob++;
    return new Promise<void>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject, slot });
      slot.outbox.send({ t: "file", job: id, ...job });
    });
  }

  /** Closes the workers' pack files and stops them; call once every write has settled. */
  async close(): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot) => {
        if (!this.failure) {
          const ended = new Promise<void>((r) => (slot.ended = r));
          slot.outbox.send({ t: "end" });
          await ended;
        }
        await slot.worker.terminate();
      }),
    );
  }
}

/**
 * Hands one file to a write worker, with where each of its blobs lies. `dest` is its folder's
 * descriptor path plus its name (see folders.ts), valid while the folder is held.
 */
export async function restoreInWorker(
  pool: WritePool,
  dest: Buffer,
  node: Node,
  repo: Repository,
  overwrite: boolean,
) {
  const blobs = (node.content ?? []).map((id) => {
    const e = repo.index.lookup("data", id);
    if (!e) throw new EngineError("not_found", `data blob ${id} is not in the index`);
    return {
      id,
      packId: e.packId,
      offset: e.offset,
      length: e.length,
      uncompressedLength: e.uncompressedLength,
    };
  });
  let uid = -1;
  let gid = -1;
  const owner = await ownerFor(node);
  // A new file already belongs to this process (setgid folders aside, which fchown fixes).
  if (owner && (owner.uid !== processUid || owner.gid !== processGid)) ({ uid, gid } = owner);
  await pool.write({
    dest,
    overwrite,
    createMode: createMode(node),
    perm: unixPermissions(node),
    uid,
    gid,
    atime: timeArg(parseGoTimeNs(node.atime)),
    mtime: timeArg(parseGoTimeNs(node.mtime)),
    blobs,
  });
}
