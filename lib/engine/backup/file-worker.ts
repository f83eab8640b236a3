// Runs in a worker thread: builds the node of one file at a time from lstat, and unless the
// parent snapshot already has it, reads it, cuts it with the repository's chunker, hashes each
// chunk, and compresses and seals the chunks the main thread says are new. Small files are
// looked at and read ahead, many at once (prefetch.ts); large ones are read here with blocking
// calls, which keeps this thread busy without queueing on the process's I/O pool.
import fs from "node:fs";
import { parentPort } from "node:worker_threads";
import { Chunker, MAX_SIZE } from "../chunker";
import { type MasterKey, sha256Hex } from "../crypto";
import type { Node } from "../node";
import { parsePolynomial } from "../polynomial";
import { createChunkSealer } from "./chunk-sealer";
import { collectEvery } from "./gc";
import { type Prepared, prepare, unchanged } from "./prefetch";
import {
  type Batch,
  createBatcher,
  type FileStatus,
  type FromWorker,
  type ParentFacts,
  type ToWorker,
  type WorkerInit,
} from "./protocol";

const port = parentPort;
if (!port) throw new Error("file-worker must run in a worker thread");

const READ_SIZE = 1024 * 1024;
/** Chunks waiting for the main thread's answer, and their bytes: bound this worker's memory. */
const MAX_WAITING = 64;
const MAX_WAITING_BYTES = 8 * 1024 * 1024;
const GC_EVERY_BYTES = 16 * 1024 * 1024;

// Workers start before the repository is open (to hide their start-up behind the key
// derivation), so the key arrives as the first message rather than as workerData.
let init: WorkerInit;
let key: MasterKey;
let chunker: Chunker;
let sealChunk: ReturnType<typeof createChunkSealer>;

/** Copies, compressed and sealed chunks die fast; collect them before they pile up. */
const countProcessed = collectEvery(GC_EVERY_BYTES);
/** `${job}:${seq}` → the chunk and its ID (kept: hashing it again when sealing cost 15% CPU). */
const waiting = new Map<string, { chunk: Buffer; id: string }>();
let waitingBytes = 0;
let wake: (() => void) | undefined;
/** Queued files; the first PREFETCH_AHEAD are being looked at ahead of time. */
const queue: { msg: Extract<ToWorker, { t: "file" }>; prepared?: Promise<Prepared> }[] = [];
const PREFETCH_AHEAD = 16;
let running = false;

const outbox = createBatcher<FromWorker>((batch, transfer) => port?.postMessage(batch, transfer));

function send(msg: FromWorker, transfer?: ArrayBuffer[]) {
  outbox.send(msg, transfer);
}

port.on("message", (batch: Batch<ToWorker>) => {
  for (const msg of batch.msgs) onMessage(msg);
});

function onMessage(msg: ToWorker) {
  if (msg.t === "init") {
    init = msg.init;
    key = {
      encrypt: Buffer.from(init.key.encrypt),
      macK: Buffer.from(init.key.macK),
      macR: Buffer.from(init.key.macR),
    };
    chunker = new Chunker(parsePolynomial(init.polynomial));
    sealChunk = createChunkSealer(key, init.compression, init.version);
    return;
  }
  if (msg.t === "file") {
    queue.push({ msg });
    startPrefetches();
    if (!running) void drain();
    return;
  }
  const k = `${msg.job}:${msg.seq}`;
  const entry = waiting.get(k);
  if (!entry) return;
  const { chunk, id } = entry;
  waiting.delete(k);
  waitingBytes -= chunk.length;
  if (msg.need) {
    const { sealed, uncompressedLength } = sealChunk(chunk);
    // Small buffers share Node's allocation pool; transferring that would detach the pool.
    const ownsBuffer = sealed.byteOffset === 0 && sealed.buffer.byteLength === sealed.length;
    send(
      { t: "blob", job: msg.job, seq: msg.seq, id, sealed, uncompressedLength },
      ownsBuffer ? [sealed.buffer as ArrayBuffer] : undefined,
    );
  }
  countProcessed(chunk.length);
  answered(msg.job);
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

async function drain() {
  running = true;
  while (queue.length) {
    const next = queue.shift();
    startPrefetches();
    if (next?.prepared)
      await processFile(next.msg.job, Buffer.from(next.msg.path), next.prepared, next.msg.parent);
    // Reads are blocking: yield so the main thread's answers are taken in between files.
    await new Promise((resolve) => setImmediate(resolve));
  }
  running = false;
}

async function waitForRoom(maxCount: number, maxBytes: number) {
  while (waiting.size > maxCount || waitingBytes > maxBytes) await new Promise<void>((r) => (wake = r));
}

/** Per file: answers still expected, and the outcome once reading is over. */
const unanswered = new Map<number, number>();
const finished = new Map<number, { status: FileStatus; node?: Node; error?: string }>();

/** "done" goes out once the file is read and every chunk of it is answered (and sent if new). */
function maybeDone(job: number) {
  const outcome = finished.get(job);
  if (!outcome || (unanswered.get(job) ?? 0) > 0) return;
  finished.delete(job);
  unanswered.delete(job);
  send({ t: "done", job, ...outcome });
}

function answered(job: number) {
  unanswered.set(job, (unanswered.get(job) ?? 1) - 1);
  maybeDone(job);
}

async function emit(job: number, seq: number, chunk: Buffer): Promise<string> {
  await waitForRoom(MAX_WAITING - 1, MAX_WAITING_BYTES - chunk.length);
  const id = sha256Hex(chunk);
  waiting.set(`${job}:${seq}`, { chunk, id });
  waitingBytes += chunk.length;
  unanswered.set(job, (unanswered.get(job) ?? 0) + 1);
  send({ t: "chunk", job, seq, id, size: chunk.length });
  return id;
}

// One read buffer per worker, reused for every file: bytes [start, end) are read but not yet cut.
const buf = Buffer.allocUnsafe(MAX_SIZE + READ_SIZE);

/** Reads and chunks one file; returns its blob IDs and the bytes read. */
async function chunkFile(job: number, path: Buffer): Promise<{ content: string[]; size: number }> {
  const fd = fs.openSync(path, "r");
  const content: string[] = [];
  let size = 0;
  try {
    chunker.reset();
    let start = 0;
    let end = 0;
    for (;;) {
      if (buf.length - end < READ_SIZE) {
        buf.copyWithin(0, start, end);
        end -= start;
        start = 0;
      }
      const bytesRead = fs.readSync(fd, buf, end, READ_SIZE, null);
      if (bytesRead === 0) break;
      const cuts = chunker.push(buf.subarray(end, end + bytesRead));
      end += bytesRead;
      size += bytesRead;
      for (const len of cuts) {
        // Copy out: the chunk travels to the main thread while buf is reused.
        content.push(await emit(job, content.length, Buffer.from(buf.subarray(start, start + len))));
        start += len;
      }
    }
    if (chunker.finish() > 0)
      content.push(await emit(job, content.length, Buffer.from(buf.subarray(start, end))));
  } finally {
    fs.closeSync(fd);
  }
  return { content, size };
}

/** A small file read ahead in full: its chunks are views of that buffer, nothing to copy. */
async function chunkBytes(job: number, data: Buffer): Promise<{ content: string[]; size: number }> {
  const content: string[] = [];
  chunker.reset();
  let start = 0;
  for (const len of chunker.push(data)) {
    content.push(await emit(job, content.length, data.subarray(start, start + len)));
    start += len;
  }
  if (chunker.finish() > 0) content.push(await emit(job, content.length, data.subarray(start)));
  return { content, size: data.length };
}

async function processFile(
  job: number,
  path: Buffer,
  prepared: Promise<Prepared>,
  parent: ParentFacts | undefined,
) {
  try {
    const { node, data } = await prepared;
    if (node.type !== "file") {
      finished.set(job, { status: "other", node });
    } else if (unchanged(node, parent)) {
      // The main thread fills in the parent's content.
      finished.set(job, { status: "unmodified", node });
    } else {
      const { content, size } = data ? await chunkBytes(job, data) : await chunkFile(job, path);
      node.content = content;
      node.size = BigInt(size);
      finished.set(job, { status: parent ? "changed" : "new", node });
    }
  } catch (err) {
    // Chunks already claimed as new are still sent: other files may name them.
    finished.set(job, { status: "error", error: (err as Error).message });
  }
  // The file is read: the main thread may queue the next one while answers are still due.
  send({ t: "read", job });
  maybeDone(job);
}
