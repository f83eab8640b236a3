// A real S3-compatible server (s3rver) on loopback, on a free port, storing into a temp folder,
// for tests of the S3 backend and of restic reading what Lifeboat wrote.
//
// It runs in a child process with --openssl-legacy-provider: s3rver encrypts its list
// continuation tokens with DES, which Node 17+ (OpenSSL 3) refuses by default, so without the
// flag every truncated ListObjectsV2 answer (more than 1000 objects, or a small max-keys) is a
// 500 InternalError.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

/** s3rver accepts these fixed credentials (its defaults). */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface S3TestServer {
  endpoint: string; // http(s)://127.0.0.1:PORT
  port: number;
  directory: string;
  /** PEM of the self-signed certificate when started with TLS (pass to restic as --cacert). */
  caCertificate?: string;
  caCertificateFile?: string;
  stop(): Promise<void>;
}

const SERVER_SCRIPT = `
const S3rver = require(process.argv[1]);
const fs = require("fs");
const tls = process.argv[3] ? { key: fs.readFileSync(process.argv[3] + "/key.pem"), cert: fs.readFileSync(process.argv[3] + "/cert.pem") } : {};
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: process.argv[2], vhostBuckets: false, ...tls });
server.run().then((addr) => process.stdout.write("PORT " + addr.port + "\\n"));
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
// The parent holds our stdin: when it dies without stopping us, do not linger as an orphan.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
`;

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited (${code}) before listening`)));
    child.once("error", reject);
  });
}

/** A self-signed certificate for 127.0.0.1, made with the openssl command. */
function makeCertificate(dir: string): void {
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"].concat([
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      `${dir}/key.pem`,
      "-out",
      `${dir}/cert.pem`,
    ]),
    { stdio: "ignore" },
  );
}

/**
 * With `tls`, the server speaks https with a self-signed certificate. restic needs that to write
 * into s3rver: over plain http its minio-go client sends aws-chunked bodies (streaming
 * signatures), which s3rver stores undecoded, chunk headers and all.
 */
export async function startS3Server(opts: { tls?: boolean } = {}): Promise<S3TestServer> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-s3rver-"));
  const directory = path.join(root, "store");
  await fs.mkdir(directory);
  if (opts.tls) makeCertificate(root);
  const entry = createRequire(import.meta.url).resolve("s3rver");
  const args = [
    "--openssl-legacy-provider",
    "-e",
    SERVER_SCRIPT,
    entry,
    directory,
    ...(opts.tls ? [root] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
  const port = await waitForPort(child);
  const caCertificateFile = opts.tls ? path.join(root, "cert.pem") : undefined;
  return {
    endpoint: `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    directory,
    caCertificateFile,
    caCertificate: caCertificateFile ? await fs.readFile(caCertificateFile, "utf8") : undefined,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

/** What the faulty proxy does with one request. */
export type Fault = "pass" | "slowdown" | "reset" | "truncate" | "silence" | "stall";

export interface FaultyProxy {
  endpoint: string;
  /** Every request seen, as "METHOD /path?query". */
  requests: string[];
  stop(): Promise<void>;
}

const SLOW_DOWN =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';

/**
 * An HTTP proxy in front of the S3 server that injects failures: a 503 SlowDown answer, a
 * connection reset before any answer, a body cut off half-way, a connection that is accepted and
 * never answered ("silence"), or a body that stops half-way with the connection left open
 * ("stall"). The Host header is passed on unchanged so the request signatures still verify.
 */
export async function startFaultyProxy(
  target: S3TestServer,
  decide: (req: string, n: number) => Fault,
): Promise<FaultyProxy> {
  const http = await import("node:http");
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const line = `${req.method} ${req.url}`;
    requests.push(line);
    const fault = decide(line, requests.length);
    if (fault === "reset") {
      req.socket.destroy();
      return;
    }
    if (fault === "silence") {
      req.resume();
      return;
    }
    if (fault === "slowdown") {
      req.resume();
      res.writeHead(503, {
        "content-type": "application/xml",
        "content-length": Buffer.byteLength(SLOW_DOWN),
      });
      res.end(SLOW_DOWN);
      return;
    }
    const upstream = http.request(
      { host: "127.0.0.1", port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        if (fault !== "truncate" && fault !== "stall") {
          up.pipe(res);
          return;
        }
        const half = Math.floor(Number(up.headers["content-length"] ?? 0) / 2);
        let sent = 0;
        up.on("data", (chunk: Buffer) => {
          const room = half - sent;
          if (room > 0) res.write(chunk.subarray(0, room));
          sent += chunk.length;
          if (sent >= half) {
            up.destroy();
            if (fault === "truncate") res.socket?.destroy();
          }
        });
      },
    );
    upstream.on("error", () => res.socket?.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
