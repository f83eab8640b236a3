// Runs in a worker thread: restores whole files. Reads each blob from its pack with a blocking
// pread (pack files stay open in a small cache), decrypts, decompresses and verifies it, writes
// it, then sets the file's owner, permissions and times. Blocking calls are deliberate: each
// asynchronous call cost the main thread ~10 µs to issue, and with 10,000 small files those
// calls, not the data, were most of a restore's time; here they cost a few µs each, on another core.
import fs from "node:fs";
import path from "node:path";
import { parentPort } from "node:worker_threads";
import { layoutPath } from "../backend/backend";
import { collectEvery } from "../backup/gc";
import { type Batch, createBatcher } from "../backup/protocol";
import type { MasterKey } from "../crypto";
import { Scratch } from "../scratch";
import { BlobWriter } from "./blob-writer";
import type { FileJob, FromWriter, ToWriter } from "./protocol";

const port = parentPort;
if (!port) throw new Error("write-worker must run in a worker thread");

const MAX_OPEN_PACKS = 32;
/**
 * Each blob is read into `sealedScratch`, then decrypted and written a piece at a time
 * (blob-writer.ts); what is left behind is node:crypto's decrypted pieces (it cannot decrypt
 * into a given buffer), which die as soon as they are written. A young-generation collection
 * every 2 MiB frees those: left to V8 they reached tens of MB per worker, and a full collection
 * each time cost ~0.25 s more of a 10,000-file restore for ~15 MB less at its peak.
 */
const countGarbage = collectEvery(2 * 1024 * 1024, "minor");
const sealedScratch = new Scratch();
let blobs: BlobWriter;
let key: MasterKey;
let root = "";
/** packId → fd, in least-recently-used order (a Map iterates in insertion order). */
const packs = new Map<string, number>();

const outbox = createBatcher<FromWriter>((batch) => port?.postMessage(batch));

function packFd(packId: string): number {
  const fd = packs.get(packId);
  if (fd !== undefined) {
    packs.delete(packId);
    packs.set(packId, fd);
    return fd;
  }
  if (packs.size >= MAX_OPEN_PACKS) {
    const [oldest, oldFd] = packs.entries().next().value as [string, number];
    packs.delete(oldest);
    fs.closeSync(oldFd);
  }
  const opened = fs.openSync(path.join(root, layoutPath("data", packId)), "r");
  packs.set(packId, opened);
  return opened;
}

function readRange(fd: number, offset: number, length: number): Buffer {
  const buf = sealedScratch.take(length);
  for (let done = 0; done < length; ) {
    const n = fs.readSync(fd, buf, done, length - done, offset + done);
    if (n === 0) throw new Error(`pack ended before the blob's end (offset ${offset}, length ${length})`);
    done += n;
  }
  return buf;
}

/** unlink, never rm: it removes a link itself and refuses a folder (which is not replaced). */
function unlinkIfThere(dest: Buffer): void {
  try {
    fs.unlinkSync(dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}

/** Bytes of the current file written but not yet reported: they go with its "done". */
let unreported = 0;

function restoreFile(job: FileJob): void {
  unreported = 0;
  // Its folder's descriptor path plus its name: only the name is looked up (see folders.ts).
  const dest = Buffer.from(job.dest);
  if (job.overwrite) unlinkIfThere(dest);
  // O_EXCL and O_NOFOLLOW: never write through a symlink, never clobber without being asked.
  const c = fs.constants;
  const fd = fs.openSync(dest, c.O_WRONLY | c.O_CREAT | c.O_EXCL | c.O_NOFOLLOW, job.createMode);
  try {
    const last = job.blobs.length - 1;
    for (let i = 0; i <= last; i++) {
      const b = job.blobs[i];
      const sealed = readRange(packFd(b.packId), b.offset, b.length);
      const written = blobs.write(fd, b, sealed);
      countGarbage(sealed.length);
      // The last blob's bytes go with the file's "done": most files are one blob.
      if (i < last) outbox.send({ t: "progress", job: job.job, bytes: written });
      else unreported = written;
    }
    if (job.uid !== -1) {
      try {
        fs.fchownSync(fd, job.uid, job.gid);
      } catch {
        // as restic: an owner that cannot be set is not an error
      }
    }
    // After chown, which clears setuid and setgid bits.
    if (job.perm !== job.createMode) fs.fchmodSync(fd, job.perm);
    fs.futimesSync(fd, job.atime, job.mtime);
  } finally {
    fs.closeSync(fd);
  }
}

const queue: FileJob[] = [];
let draining = false;

/** Works through queued files, yielding every few ms so replies go out and new jobs come in. */
function drain() {
  const until = performance.now() + 5;
  while (queue.length && performance.now() < until) {
    const job = queue.shift() as FileJob;
    try {
      restoreFile(job);
      outbox.send({ t: "done", job: job.job, bytes: unreported });
    } catch (err) {
      const e = err as { message?: string; code?: string };
      outbox.send({
        t: "done",
        job: job.job,
        bytes: unreported,
        error: e.message ?? String(err),
        code: e.code,
      });
    }
  }
  draining = queue.length > 0;
  if (draining) setImmediate(drain);
}

port.on("message", (batch: Batch<ToWriter>) => {
  for (const msg of batch.msgs) {
    if (msg.t === "init") {
      root = msg.init.root;
      key = {
        encrypt: Buffer.from(msg.init.key.encrypt),
        macK: Buffer.from(msg.init.key.macK),
        macR: Buffer.from(msg.init.key.macR),
      };
      blobs = new BlobWriter(key);
    } else if (msg.t === "file") {
      queue.push(msg);
      if (!draining) {
        draining = true;
        setImmediate(drain);
      }
    } else {
      // Sent after every file is done: the queue is empty.
      for (const fd of packs.values()) fs.closeSync(fd);
      packs.clear();
      outbox.send({ t: "ended" });
    }
  }
});
