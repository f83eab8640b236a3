// The embedded database has one owner, the process that opened its folder (the web server). That
// process also serves it over a Unix socket in the data folder, speaking the PostgreSQL protocol,
// so `lifeboat` commands in another shell reach the same database through postgres.js, exactly
// as in the scaled shape. The socket sits in a folder only this user may enter (mode 0700): the
// file system is the authentication, as with PostgreSQL's peer authentication.
//
// Written here rather than taken from @electric-sql/pglite-socket: that package pins an older
// PGlite as an exact peer, and it takes only PGlite's query lock per message, which would let a
// client's statements run inside a transaction the server has open (and the server's inside the
// client's). Here a client holds both of PGlite's locks from its first message until the
// backend is ready for a query outside any transaction block (after Sync or a simple Query),
// so each side's statements and transactions stay whole.
import { chmodSync, mkdirSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
/** Linux refuses socket paths longer than 107 bytes. */
const MAX_SOCKET_PATH = 107;

/** Where a data folder's database socket lives. */
export function socketPathFor(dataDir: string): string {
  return path.join(path.resolve(dataDir), "run", "db.sock");
}

export function socketPathUsable(socketPath: string): boolean {
  return Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH;
}

type Locked = PGlite & {
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
};

/** Takes PGlite's transaction and query locks; resolves with the function that gives them back. */
function holdLocks(pg: Locked): Promise<() => void> {
  return new Promise((acquired) => {
    void pg._runExclusiveTransaction(() =>
      pg._runExclusiveQuery(() => new Promise<void>((release) => acquired(release))),
    );
  });
}

/** One client connection: splits the byte stream into messages and runs them in order. */
function serveConnection(pg: Locked, socket: net.Socket, onError: (error: unknown) => void) {
  let buffered = Buffer.alloc(0);
  let started = false;
  let release: (() => void) | null = null;
  let chain = Promise.resolve();

  async function run(message: Buffer, type: string | null) {
    release ??= await holdLocks(pg);
    await pg.execProtocolRawStream(new Uint8Array(message), {
      onRawData: (data) => {
        if (socket.writable) socket.write(Buffer.from(data));
      },
    });
    // Give the database back only between whole statements, outside a transaction block.
    const boundary = type === null || type === "S" || type === "Q";
    if (boundary && !pg.isInTransaction()) {
      release();
      release = null;
    }
  }

  async function closed() {
    if (!release) return;
    try {
      // A client that went away inside a transaction leaves nothing half-done behind.
      if (pg.isInTransaction()) await pg.execProtocolRaw(simpleQuery("ROLLBACK"));
      await pg.execProtocolRaw(syncMessage());
    } finally {
      release();
      release = null;
    }
  }

  /** The complete messages at the front of the buffer, with their type (null for startup). */
  function takeMessages(): { message: Buffer; type: string | null }[] {
    const out: { message: Buffer; type: string | null }[] = [];
    for (;;) {
      if (!started) {
        if (buffered.length < 8) return out;
        const length = buffered.readInt32BE(0);
        const code = buffered.readInt32BE(4);
        if (buffered.length < length) return out;
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        if (code === SSL_REQUEST) socket.write("N");
        else if (code === CANCEL_REQUEST) socket.end();
        else if (code === PROTOCOL_3) {
          started = true;
          out.push({ message, type: null });
        } else socket.destroy();
        continue;
      }
      if (buffered.length < 5) return out;
      const length = 1 + buffered.readInt32BE(1);
      if (buffered.length < length) return out;
      const message = buffered.subarray(0, length);
      buffered = buffered.subarray(length);
      const type = String.fromCharCode(message[0] as number);
      if (type === "X") {
        socket.end();
        return out;
      }
      out.push({ message, type });
    }
  }

  socket.on("data", (data) => {
    buffered = Buffer.concat([buffered, data]);
    for (const { message, type } of takeMessages()) {
      chain = chain
        .then(() => run(message, type))
        .catch((error) => {
          onError(error);
          socket.destroy();
        });
    }
  });
  socket.on("error", () => socket.destroy());
  socket.on("close", () => {
    chain = chain.then(closed).catch(onError);
  });
}

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message.write("Q", 0);
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}

function syncMessage(): Uint8Array {
  return new Uint8Array([0x53, 0, 0, 0, 4]);
}

export interface SocketServer {
  path: string;
  close(): Promise<void>;
}

/**
 * Serves `pg` at `socketPath`. Call it only while holding the data folder's lock (pglite-lock.ts):
 * a socket file left there is then a dead owner's and is replaced.
 */
export async function servePgliteSocket(
  pg: PGlite,
  socketPath: string,
  onError: (error: unknown) => void = () => undefined,
): Promise<SocketServer> {
  const dir = path.dirname(socketPath);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  rmSync(socketPath, { force: true });
  const server = net.createServer((socket) => serveConnection(pg as Locked, socket, onError));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);
  // The socket must not keep a process alive that has nothing else to do.
  server.unref();
  return {
    path: socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(socketPath, { force: true });
      }),
  };
}

/** Whether a server answers at `socketPath` (a refused or missing socket is a stopped server). */
export function socketAnswers(socketPath: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
