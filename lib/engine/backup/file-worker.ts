// Runs in a worker thread: reads one file at a time, cuts it with the repository's chunker,
// hashes each chunk, and compresses and seals the chunks the main thread says are new.
import fs from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import { prepareBlob } from "../blob";
import { Chunker, MAX_SIZE } from "../chunker";
import { type MasterKey, sha256Hex } from "../crypto";
import { parsePolynomial } from "../polynomial";
import type { FromWorker, ToWorker, WorkerInit } from "./protocol";

const init = workerData as WorkerInit;
const key: MasterKey = {
  encrypt: Buffer.from(init.key.encrypt),
  macK: Buffer.from(init.key.macK),
  macR: Buffer.from(init.key.macR),
};
const polynomial = parsePolynomial(init.polynomial);
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
  if (msg.t === "file") {
    queue.push(msg);
    if (!running) void drain();
    return;
  }
  const k = `${msg.job}:${msg.seq}`;
  const chunk = waiting.get(k);
  waiting.delete(k);
  if (chunk && msg.need) {
    const b = prepareBlob(key, "data", chunk, init.compression, init.version, undefined);
    const sealed = b.sealed;
    // Small buffers share Node's allocation pool; transferring that would detach the pool.
    const ownsBuffer = sealed.byteOffset === 0 && sealed.buffer.byteLength === sealed.length;
    send(
      { t: "blob", job: msg.job, seq: msg.seq, id: b.id, sealed, uncompressedLength: b.uncompressedLength },
      ownsBuffer ? [sealed.buffer as ArrayBuffer] : undefined,
    );
  }
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

async function emit(job: number, seq: number, chunk: Buffer) {
  await waitUntilWaiting(MAX_WAITING - 1);
  const id = sha256Hex(chunk);
  waiting.set(`${job}:${seq}`, chunk);
  send({ t: "chunk", job, seq, id, size: chunk.length });
}

async function processFile(job: number, path: Buffer) {
  let size = 0;
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(path, "r");
    const chunker = new Chunker(polynomial);
    // Bytes [start, end) of buf are read but not yet cut into a chunk.
    let buf = Buffer.allocUnsafe(MAX_SIZE + READ_SIZE);
    let start = 0;
    let end = 0;
    let seq = 0;
    for (;;) {
      if (buf.length - end < READ_SIZE) {
        const fresh = Buffer.allocUnsafe(MAX_SIZE + READ_SIZE);
        buf.copy(fresh, 0, start, end);
        end -= start;
        start = 0;
        buf = fresh;
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
    // Every blob of this file must be on its way before "done", so the file's node is complete.
    await waitUntilWaiting(0);
    send({ t: "done", job, size });
  } catch (err) {
    // Chunks already claimed as new must still be stored: other files may name them.
    await waitUntilWaiting(0);
    send({ t: "done", job, size, error: (err as Error).message });
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
