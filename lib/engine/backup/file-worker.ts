// Runs in a worker thread: reads one file at a time, cuts it with the repository's chunker,
// hashes each chunk, and compresses and seals the chunks the main thread says are new.
import fs from "node:fs/promises";
import { parentPort } from "node:worker_threads";
import { prepareBlob } from "../blob";
import { Chunker, MAX_SIZE } from "../chunker";
import { type MasterKey, sha256Hex } from "../crypto";
import { parsePolynomial } from "../polynomial";
import type { FromWorker, ToWorker, WorkerInit } from "./protocol";

// Workers start before the repository is open (to hide their start-up behind the key
// derivation), so the key arrives as the first message rather than as workerData.
let init: WorkerInit;
let key: MasterKey;
let polynomial: bigint;
const port = parentPort;
if (!port) throw new Error("file-worker must run in a worker thread");

const READ_SIZE = 4 * 1024 * 1024;
/** Chunks waiting for the main thread's answer; bounds this worker's memory. */
const MAX_WAITING = 8;

const waiting = new Map<string, Buffer>(); // `${job}:${seq}` → chunk bytes
let wake: (() => void) | undefined;
const queue: { job: number; path: Uint8Array }[] = [];
let running = false;

function send(msg: FromWorker, transfer?: ArrayBuffer[]) {
  port?.postMessage(msg, transfer);
}

port.on("message", (msg: ToWorker) => {
  if (msg.t === "init") {
    init = msg.init;
    key = { encrypt: Buffer.from(init.key.encrypt), macK: Buffer.from(init.key.macK), macR: Buffer.from(init.key.macR) };
    polynomial = parsePolynomial(init.polynomial);
    return;
  }
  if (msg.t === "file") {
    queue.push(msg);
    if (!running) void drain();
    return;
  }
  const k = `${msg.job}:${msg.seq}`;
  const chunk = waiting.get(k);
  waiting.delete(k);
  if (!chunk) return;
  if (msg.need) {
    const b = prepareBlob(key, "data", chunk, init.compression, init.version, undefined);
    const sealed = b.sealed;
    // Small buffers share Node's allocation pool; transferring that would detach the pool.
    const ownsBuffer = sealed.byteOffset === 0 && sealed.buffer.byteLength === sealed.length;
    send(
      { t: "blob", job: msg.job, seq: msg.seq, id: b.id, sealed, uncompressedLength: b.uncompressedLength },
      ownsBuffer ? [sealed.buffer as ArrayBuffer] : undefined,
    );
  }
  answered(msg.job);
  wake?.();
});

async function drain() {
  running = true;
  while (queue.length) {
    const next = queue.shift();
    if (next) await processFile(next.job, Buffer.from(next.path));
  }
  running = false;
}

async function waitUntilWaiting(max: number) {
  while (waiting.size > max) await new Promise<void>((r) => (wake = r));
}

/** Per file: answers still expected, and the outcome once reading is over. */
const unanswered = new Map<number, number>();
const finished = new Map<number, { size: number; error?: string }>();

/** "done" goes out once the file is read and every chunk of it is answered (and sent if new). */
function maybeDone(job: number) {
  const outcome = finished.get(job);
  if (!outcome || (unanswered.get(job) ?? 0) > 0) return;
  finished.delete(job);
  unanswered.delete(job);
  send({ t: "done", job, ...outcome });
}

async function emit(job: number, seq: number, chunk: Buffer) {
  await waitUntilWaiting(MAX_WAITING - 1);
  const id = sha256Hex(chunk);
  waiting.set(`${job}:${seq}`, chunk);
  unanswered.set(job, (unanswered.get(job) ?? 0) + 1);
  send({ t: "chunk", job, seq, id, size: chunk.length });
}

function answered(job: number) {
  unanswered.set(job, (unanswered.get(job) ?? 1) - 1);
  maybeDone(job);
}

// One read buffer per worker, reused for every file: bytes [start, end) are read but not yet cut.
const buf = Buffer.allocUnsafe(MAX_SIZE + READ_SIZE);
let chunker: Chunker | undefined;

async function processFile(job: number, path: Buffer) {
  let size = 0;
  let handle: fs.FileHandle | undefined;
  chunker ??= new Chunker(polynomial);
  chunker.reset();
  try {
    handle = await fs.open(path, "r");
    let start = 0;
    let end = 0;
    let seq = 0;
    for (;;) {
      if (buf.length - end < READ_SIZE) {
        buf.copyWithin(0, start, end);
        end -= start;
        start = 0;
      }
      const { bytesRead } = await handle.read(buf, end, READ_SIZE, null);
      if (bytesRead === 0) break;
      const cuts = chunker.push(buf.subarray(end, end + bytesRead));
      end += bytesRead;
      size += bytesRead;
      for (const len of cuts) {
        // Copy out: the chunk travels to the main thread while buf is reused.
        await emit(job, seq++, Buffer.from(buf.subarray(start, start + len)));
        start += len;
      }
    }
    if (chunker.finish() > 0) await emit(job, seq++, Buffer.from(buf.subarray(start, end)));
    finished.set(job, { size });
  } catch (err) {
    // Chunks already claimed as new are still sent: other files may name them.
    finished.set(job, { size, error: (err as Error).message });
  } finally {
    await handle?.close().catch(() => undefined);
  }
  maybeDone(job);
}
