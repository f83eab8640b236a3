// Runs in a worker thread: builds the node of one file at a time from lstat, and unless the
// parent snapshot already has it, reads it, cuts it with the repository's chunker, hashes each
// chunk, and compresses, seals and sends the chunks that neither the repository nor this
// worker has seen (known-blobs.ts), without waiting for the main thread. Small files are
// looked at and read ahead, many at once (prefetch.ts); large ones are read here with blocking
// calls, which keeps this thread busy without queueing on the process's I/O pool.
import fs from "node:fs";
import os from "node:os";
import { parentPort } from "node:worker_threads";
import { Chunker, MAX_SIZE } from "../chunker";
import { type MasterKey, sha256 } from "../crypto";
import { parsePolynomial } from "../polynomial";
import { createChunkSealer } from "./chunk-sealer";
import { collectEvery } from "./gc";
import { KnownBlobs } from "./known-blobs";
import { type Prepared, prepare, unchanged } from "./prefetch";
import {
  type Batch,
  createBatcher,
  type FromWorker,
  type PreviousChunks,
  type ToWorker,
  type WorkerInit,
} from "./protocol";
import { SMALL_BLOB, SmallBlobBundle } from "./small-blobs";

const port = parentPort;
if (!port) throw new Error("file-worker must run in a worker thread");

const READ_SIZE = 1024 * 1024;
/** Sealed bytes sent but not yet taken by the packer: bounds what waits in the main thread. */
const MAX_UNSAVED_BYTES = 4 * 1024 * 1024;
/** Sealed blobs are posted at once past this many bytes, so the packer works while this reads. */
const POST_EARLY_BYTES = 1024 * 1024;

// Workers start before the repository is open (to hide their start-up behind the key
// derivation), so the key arrives as the first message rather than as workerData.
let key: MasterKey;
let chunker: Chunker;
let sealChunk: ReturnType<typeof createChunkSealer>;
let known: KnownBlobs;
/** IDs this worker sealed during this backup; another worker may seal one too (rare, dropped). */
const sealedHere = new Set<string>();

/**
 * Read buffers, compressed and sealed chunks die fast; collect them before they pile up. A
 * young-generation collection every 8 MiB read frees them (they die before they are promoted).
 * A full collection every 16 MiB did too, but marked the whole heap each time: V8's background
 * threads (marking, sweeping, compiling) were ~1.3 s of a first backup's ~7.2 s of CPU (perf).
 * Alternating runs of the benchmark's first backup: 4.1-4.9 s and 172-186 MB against
 * 4.5-5.8 s and 187-201 MB, and ~0.5 s less CPU.
 */
const countProcessed = collectEvery(8 * 1024 * 1024, "minor");
let unsavedBytes = 0;
let unpostedBytes = 0;
let wake: (() => void) | undefined;
/** Queued files; the first PREFETCH_AHEAD are being looked at ahead of time. */
const queue: { msg: Extract<ToWorker, { t: "file" }>; prepared?: Promise<Prepared> }[] = [];
const PREFETCH_AHEAD = 16;
let running = false;

const small = new SmallBlobBundle();
const outbox = createBatcher<FromWorker>((batch, transfer) => {
  const bundled = small.close();
  port?.postMessage(batch, bundled ? [...transfer, bundled] : transfer);
});

port.on("message", (batch: Batch<ToWorker>) => {
  for (const msg of batch.msgs) onMessage(msg);
});

/**
 * On Linux, setpriority for the calling thread (pid 0) changes that thread alone, so the
 * process's main thread keeps its priority. Refused or unsupported: run at the normal one.
 */
function lowerPriority(nice: number) {
  try {
    os.setPriority(Math.min(19, Math.max(os.getPriority(), nice)));
  } catch {
    // e.g. a platform without per-thread priorities
  }
}

function onMessage(msg: ToWorker) {
  if (msg.t === "init") {
    const init: WorkerInit = msg.init;
    if (init.nice) lowerPriority(init.nice);
    key = {
      encrypt: Buffer.from(init.key.encrypt),
      macK: Buffer.from(init.key.macK),
      macR: Buffer.from(init.key.macR),
    };
    chunker = new Chunker(parsePolynomial(init.polynomial));
    sealChunk = createChunkSealer(key, init.compression, init.version);
    known = new KnownBlobs(init.known);
    return;
  }
  if (msg.t === "file") {
    queue.push({ msg });
    startPrefetches();
    if (!running) void drain();
    return;
  }
  unsavedBytes -= msg.bytes;
  wake?.();
}

function startPrefetches() {
  for (let i = 0; i < Math.min(queue.length, PREFETCH_AHEAD); i++) {
    const q = queue[i];
    if (q.prepared) continue;
    q.prepared = prepare(Buffer.from(q.msg.path), Buffer.from(q.msg.name), q.msg.parent);
    q.prepared.catch(() => {}); // handled when the file's turn comes
  }
}

/**
 * Files between turns of the event loop, and the longest stretch of work without one. Reads are
 * blocking, so a turn is where finished files go out (and the main thread sends more) and
 * messages come in. A turn after every file cost more than an unchanged file itself: a 5%
 * incremental backup spent 0.8 s on 10,000 unchanged small files, one message each way apiece.
 */
const FILES_PER_TURN = 16;
const MS_PER_TURN = 2;

async function drain() {
  running = true;
  let files = 0;
  let turnStarted = performance.now();
  while (queue.length) {
    const next = queue.shift();
    startPrefetches();
    if (next?.prepared) await processFile(next.msg, next.prepared);
    if (++files >= FILES_PER_TURN || performance.now() - turnStarted >= MS_PER_TURN) {
      await new Promise((resolve) => setImmediate(resolve));
      files = 0;
      turnStarted = performance.now();
    }
  }
  running = false;
}

/**
 * Returns the chunk's ID, first sealing and sending it if it is new. The chunk may be a view of
 * a buffer that is reused afterwards: it is sealed (copied) before this returns. `digest` is its
 * SHA-256 when the caller has it already.
 */
async function emit(chunk: Buffer, digest = sha256(chunk)): Promise<string> {
  const id = digest.toString("hex");
  countProcessed(chunk.length);
  if (known.has(digest) || sealedHere.has(id)) return id;
  sealedHere.add(id);
  while (unsavedBytes > MAX_UNSAVED_BYTES) {
    outbox.flush();
    await new Promise<void>((r) => (wake = r));
  }
  const { ciphertext, ivMac, uncompressedLength } = sealChunk(chunk);
  const size = ciphertext.length + ivMac.length;
  unsavedBytes += size;
  unpostedBytes += size;
  if (size <= SMALL_BLOB) {
    const bundle = small.add(id, ivMac, ciphertext, uncompressedLength);
    if (bundle) outbox.send(bundle);
  } else {
    // Both are buffers of their own, moved rather than copied. (A view of a shared buffer, such
    // as Node's pool for small Buffers, must not be moved: that would detach the whole pool.)
    const transfer = [ivMac.buffer as ArrayBuffer];
    if (ciphertext.byteOffset === 0 && ciphertext.buffer.byteLength === ciphertext.length) {
      transfer.push(ciphertext.buffer as ArrayBuffer);
    }
    outbox.send({ t: "blob", id, ciphertext, ivMac, uncompressedLength }, transfer);
  }
  if (unpostedBytes >= POST_EARLY_BYTES) {
    unpostedBytes = 0;
    outbox.flush();
  }
  return id;
}

// One read buffer per worker, reused for every file: bytes [start, end) are read but not yet cut.
const buf = Buffer.allocUnsafe(MAX_SIZE + READ_SIZE);
/**
 * Reads stay below this offset unless a chunk is longer (up to MAX_SIZE, rare): the buffer's
 * pages are resident once touched, and reading on to its end before moving the uncut bytes to
 * the front touched all 9 MiB in every worker. Below 4 MiB the moves are a copy of the uncut
 * bytes (about half a chunk) every 3 MiB read. First backup of the benchmark, at its peak: the
 * two workers' read buffers 18 MB resident before, 10.5-11 MB after.
 */
const SOFT_END = 4 * 1024 * 1024;

/**
 * Reads and chunks one file; returns its blob IDs and the bytes read (reported as it goes).
 *
 * `previous`, the parent snapshot's chunks of a changed file, spares most of the chunker's
 * work when only part of the file changed (a log appended to, a region rewritten). restic's
 * chunker starts afresh at every cut, so where a cut is depends only on the bytes since the one
 * before: wherever the file has a cut at the offset where one of the parent's chunks began,
 * and that chunk's bytes are there again (checked by hashing them, which a chunk costs
 * anyway), it is a chunk again, and so on while they match. The chunker runs only over what
 * differs, and after a change it usually cuts at the parent's next boundary, where the parent's
 * chunks take over again. The parent's last chunk is always cut afresh: it may have ended only
 * because the file did. The blob IDs come out exactly as chunking the whole file gives them.
 */
async function chunkFile(
  path: Buffer,
  previous?: PreviousChunks,
): Promise<{ content: string[]; size: number }> {
  const fd = fs.openSync(path, "r");
  const content: string[] = [];
  let size = 0;
  let start = 0;
  let end = 0;
  /** Reads the next piece after `end` (first moving [start, end) to the front if needed); returns its length. */
  const readMore = (): number => {
    if (buf.length - end < READ_SIZE || (end + READ_SIZE > SOFT_END && start > 0)) {
      buf.copyWithin(0, start, end);
      end -= start;
      start = 0;
    }
    const bytesRead = fs.readSync(fd, buf, end, READ_SIZE, null);
    end += bytesRead;
    size += bytesRead;
    if (bytesRead > 0) outbox.send({ t: "bytes", n: bytesRead });
    return bytesRead;
  };
  /** The file offset of `start`. */
  const offset = () => size - (end - start);
  // The offsets where the parent's chunks began (all but the last), to the chunk's number.
  const ids = previous?.ids ?? [];
  const sizes = previous?.sizes ?? [];
  const reusableAt = new Map<number, number>();
  for (let i = 0, at = 0; i < ids.length - 1; at += sizes[i], i++) reusableAt.set(at, i);
  /** Emits the parent's chunks for as long as the file has them again from `start` on. */
  const reuse = async () => {
    for (let i = reusableAt.get(offset()); i !== undefined; i = reusableAt.get(offset())) {
      const want = sizes[i];
      while (end - start < want && readMore() > 0) {}
      if (end - start < want) return;
      const chunk = buf.subarray(start, start + want);
      const digest = sha256(chunk);
      if (digest.toString("hex") !== ids[i]) return;
      content.push(await emit(chunk, digest));
      start += want;
    }
  };
  try {
    let cuts: number[] = [];
    let aligned = true; // `start` is a cut: the parent's chunks may go on from here
    for (;;) {
      if (aligned) {
        await reuse();
        chunker.reset();
        cuts = chunker.push(buf.subarray(start, end));
        aligned = false;
      }
      for (const len of cuts) {
        content.push(await emit(buf.subarray(start, start + len)));
        start += len;
        if (reusableAt.has(offset())) {
          aligned = true; // the rest of `cuts` is chunked again from here if need be
          break;
        }
      }
      if (aligned) continue;
      const bytesRead = readMore();
      if (bytesRead === 0) break;
      cuts = chunker.push(buf.subarray(end - bytesRead, end));
    }
    if (chunker.finish() > 0) content.push(await emit(buf.subarray(start, end)));
  } finally {
    fs.closeSync(fd);
  }
  return { content, size };
}

/** A small file read ahead in full: its chunks are views of that buffer. */
async function chunkBytes(data: Buffer): Promise<string[]> {
  const content: string[] = [];
  chunker.reset();
  let start = 0;
  for (const len of chunker.push(data)) {
    content.push(await emit(data.subarray(start, start + len)));
    start += len;
  }
  if (chunker.finish() > 0) content.push(await emit(data.subarray(start)));
  return content;
}

async function processFile(msg: Extract<ToWorker, { t: "file" }>, prepared: Promise<Prepared>) {
  const { job, parent } = msg;
  let done: Extract<FromWorker, { t: "done" }>;
  try {
    const { node, data } = await prepared;
    if (node.type !== "file") {
      done = { t: "done", job, bytes: 0, status: "other", node };
    } else if (unchanged(node, parent)) {
      // The main thread fills in the parent's content.
      done = { t: "done", job, bytes: 0, status: "unmodified", node };
    } else if (data) {
      node.content = await chunkBytes(data);
      node.size = BigInt(data.length);
      done = { t: "done", job, bytes: data.length, status: parent ? "changed" : "new", node };
    } else {
      const { content, size } = await chunkFile(Buffer.from(msg.path), msg.previous);
      node.content = content;
      node.size = BigInt(size);
      done = { t: "done", job, bytes: 0, status: parent ? "changed" : "new", node };
    }
  } catch (err) {
    // Blobs already sent stay sent: they are valid, and other files may name them.
    done = { t: "done", job, bytes: 0, status: "error", error: (err as Error).message };
  }
  outbox.send(done);
}
