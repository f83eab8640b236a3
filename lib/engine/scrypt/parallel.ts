// scrypt (RFC 7914) with its p lanes spread over worker threads. A key file's derivation is
// PBKDF2 → p independent ROMix lanes → PBKDF2; Node's scrypt (OpenSSL) runs the lanes one after
// another, so every command that opens a restic repository (restic's keys: p = 4-7 on these
// machines) spent ~0.5 s of one core on it before doing anything else. Here the PBKDF2 steps
// stay with node:crypto and the lanes run in WebAssembly (romix-wasm.ts) on worker threads,
// which leaves the main thread free to load the CLI meanwhile. Measured with the compiled
// module in a fresh process (p = 7, N = 2^15, r = 8, 2 cores): one thread 400-410 ms, two
// 245-270 ms, Node's 490-570 ms; each lane beyond a thread's first adds 22-45 ms.
//
// History: this was replaced by Node's scrypt once, on a machine where a page fault cost ~14 µs
// and each thread's 32 MiB of WebAssembly memory (which V8 maps without huge pages) faulted
// 8,000 times; there the lanes were slower. Where it runs now a fault costs ~1.5 µs (a 32 MiB
// touch: 12-16 ms in 4 KiB pages, 3 ms in huge pages), so the lanes win by half.
//
// One lane thread by default, since issue 18's memory target: every lane running at once holds
// its own 128·r·N bytes (32 MiB for restic's keys) of WebAssembly memory, plus ~9 MB for its
// thread's isolate, all while the CLI loads and starts its own workers. Two lane threads made the
// start of every command its peak: an incremental backup of the benchmark peaked at 153-159 MB
// against 116-121 MB with one (steady state ~100), its wall clock 0.08 s longer (0.69 -> 0.77 s,
// 6 alternating runs), its CPU the same (one isolate less to start). restic too runs the lanes
// one after another in one 32 MiB buffer. Callers with memory to spare pass `threads`.
//
// Anything unusual (parameters outside what the WebAssembly path allocates, no threads, no
// WebAssembly) goes to Node's scrypt, so errors and results stay Node's.
import { scrypt as nodeScrypt, pbkdf2Sync } from "node:crypto";
import { Worker } from "node:worker_threads";
import { workerExecArgv } from "../worker-file";
import { fromSimdLayout, romixMemoryBytes, romixModule, toSimdLayout } from "./romix-wasm";

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** The most memory one lane's thread may allocate (restic's keys take 32 MiB). */
const MAX_LANE_MEMORY = 1024 * 1024 * 1024;

// Plain JavaScript run with `eval`, so it needs no file next to the bundle that starts it. It
// mixes the lanes it is given, in order, and sends them back.
const LANE_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { module, n, r, lanes } = workerData;
const blockBytes = 128 * r;
const memory = new WebAssembly.Memory({ initial: Math.ceil((n + 2) * blockBytes / 65536) });
const { romix } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const x = new Uint8Array(memory.buffer, 0, blockBytes);
for (let at = 0; at < lanes.length; at += blockBytes) {
  x.set(lanes.subarray(at, at + blockBytes));
  romix(n, r);
  lanes.set(x, at);
}
parentPort.postMessage(lanes, [lanes.buffer]);
`;

function fitsWasm({ N, r, p }: ScryptParams): boolean {
  return (
    Number.isSafeInteger(N) &&
    Number.isSafeInteger(r) &&
    Number.isSafeInteger(p) &&
    N >= 2 &&
    (N & (N - 1)) === 0 &&
    r >= 1 &&
    p >= 1 &&
    romixMemoryBytes(N, r) <= MAX_LANE_MEMORY
  );
}

/** Node's scrypt: one thread, lanes in turn. Also the reference restic's calibration mirrors. */
export function scryptOneThread(
  password: Buffer,
  salt: Buffer,
  { N, r, p }: ScryptParams,
  keyLength: number,
): Promise<Buffer> {
  // Node's default maxmem (32 MiB) is below what N = 2^15, r = 8 needs.
  const maxmem = 128 * N * r + 128 * r * p + 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    nodeScrypt(password, salt, keyLength, { N, r, p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

function mixOnThread(
  module: WebAssembly.Module,
  n: number,
  r: number,
  lanes: Uint8Array,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LANE_WORKER, {
      eval: true,
      workerData: { module, n, r, lanes },
      transferList: [lanes.buffer as ArrayBuffer],
      execArgv: workerExecArgv(),
      resourceLimits: { maxYoungGenerationSizeMb: 1 },
    });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`scrypt lane thread exited (${code})`)));
  });
}

/**
 * scrypt of password and salt, equal to Node's `crypto.scrypt` for the same arguments, with the
 * lanes on up to `threads` threads (one by default, off the calling thread: see the top).
 */
export async function scrypt(
  password: Buffer,
  salt: Buffer,
  params: ScryptParams,
  keyLength: number,
  threads = 1,
): Promise<Buffer> {
  if (!fitsWasm(params) || typeof WebAssembly === "undefined") {
    return scryptOneThread(password, salt, params, keyLength);
  }
  const { N, r, p } = params;
  const blockBytes = 128 * r;
  const lanes = pbkdf2Sync(password, salt, 1, p * blockBytes, "sha256");
  const groups = Math.max(1, Math.min(p, threads));
  let mixed: Uint8Array[];
  try {
    const module = romixModule();
    mixed = await Promise.all(
      Array.from({ length: groups }, (_, g) => {
        // Lanes [first, end) of p, as evenly as they divide.
        const first = Math.floor((g * p) / groups);
        const end = Math.floor(((g + 1) * p) / groups);
        const own = new Uint8Array(lanes.subarray(first * blockBytes, end * blockBytes));
        toSimdLayout(own);
        return mixOnThread(module, N, r, own).then((mixedLanes) => {
          fromSimdLayout(mixedLanes);
          return mixedLanes;
        });
      }),
    );
  } catch {
    // No thread or memory for the fast path: Node's scrypt, which reports its own errors.
    return scryptOneThread(password, salt, params, keyLength);
  }
  return pbkdf2Sync(password, Buffer.concat(mixed), 1, keyLength, "sha256");
}
