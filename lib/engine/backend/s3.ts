// A repository in an S3-compatible bucket, in restic's object layout under an optional prefix
// (config, keys/<id>, data/<xx>/<id>, index/<id>, snapshots/<id>, locks/<id>), so restic's own
// s3 backend reads it. Path-style addressing, because self-hosted servers (MinIO, s3rver, Ceph)
// rarely have wildcard DNS for bucket sub-domains.

import https from "node:https";
import type { S3Client } from "@aws-sdk/client-s3";
import { EngineError } from "../errors";
import { type Backend, type FileInfo, type FileType, layoutPath } from "./backend";
import { uploadMultipart } from "./s3-multipart";
import { DEFAULT_RETRY, type RetryOptions, withRetry } from "./s3-retry";
import { s3Sdk } from "./s3-sdk";

export interface S3BackendOptions {
  /** e.g. http://127.0.0.1:9000 or https://s3.example.com */
  endpoint: string;
  bucket: string;
  /** Folder inside the bucket, without leading or trailing slash ("" for the bucket root). */
  prefix?: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region?: string;
  /** Objects of at least this size go up in parts (default 8 MiB). */
  multipartThreshold?: number;
  partSize?: number;
  /** PEM certificate(s) to trust for an https endpoint with a private CA (restic's --cacert). */
  caCertificate?: string | Buffer;
  /** Objects per list request (S3's maximum and default is 1000). */
  listPageSize?: number;
  retry?: RetryOptions;
  /**
   * A request whose connection carries no byte for this long fails (and is retried like a dropped
   * connection). Without it a server that accepts connections and never answers would hang a job
   * until its lease ran out. Idle time rather than total time, so a large upload on a slow link is
   * not cut off while it still moves. Default 60 s.
   */
  idleTimeoutMs?: number;
  /** Connecting to the endpoint may take this long (default 10 s). */
  connectTimeoutMs?: number;
}

const MiB = 1024 * 1024;

export class S3Backend implements Backend {
  readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  private readonly endpoint: string;
  private readonly multipartThreshold: number;
  private readonly partSize: number;
  private readonly retry: RetryOptions;
  private readonly listPageSize?: number;

  constructor(opts: S3BackendOptions) {
    this.bucket = opts.bucket;
    this.prefix = (opts.prefix ?? "").replace(/^\/+|\/+$/g, "");
    this.endpoint = opts.endpoint.replace(/\/+$/, "");
    this.multipartThreshold = opts.multipartThreshold ?? 8 * MiB;
    this.partSize = Math.max(opts.partSize ?? 8 * MiB, 5 * MiB);
    this.retry = opts.retry ?? DEFAULT_RETRY;
    this.listPageSize = opts.listPageSize;
    this.client = new (s3Sdk().S3Client)({
      endpoint: this.endpoint,
      region: opts.region ?? "us-east-1",
      forcePathStyle: true,
      // AWS answers a request to the wrong region with a redirect; follow it rather than fail.
      followRegionRedirects: true,
      credentials: {
        accessKeyId: opts.accessKeyId,
        secretAccessKey: opts.secretAccessKey,
        sessionToken: opts.sessionToken,
      },
      // The SDK's own exponential backoff covers every request: throttling (503 SlowDown, 429),
      // 5xx answers and dropped connections. read() adds a retry for bodies cut off mid-stream.
      maxAttempts: this.retry.attempts,
      retryMode: "standard",
      // Newer SDKs add CRC32 trailers by default; many S3-compatible servers reject them.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      requestHandler: {
        socketTimeout: opts.idleTimeoutMs ?? 60_000,
        connectionTimeout: opts.connectTimeoutMs ?? 10_000,
        ...(opts.caCertificate
          ? { httpsAgent: new https.Agent({ ca: opts.caCertificate, keepAlive: true }) }
          : {}),
      },
    });
  }

  location(): string {
    return `s3:${this.endpoint}/${this.bucket}${this.prefix ? `/${this.prefix}` : ""}`;
  }

  private key(type: FileType, name: string): string {
    const rel = layoutPath(type, name);
    return this.prefix ? `${this.prefix}/${rel}` : rel;
  }

  async create(): Promise<void> {
    if (!(await this.bucketExists())) {
      await this.client.send(new (s3Sdk().CreateBucketCommand)({ Bucket: this.bucket }));
    }
    if (await this.stat("config", "")) {
      throw new EngineError("already_exists", `a repository already exists at ${this.location()}`);
    }
  }

  private async bucketExists(): Promise<boolean> {
    try {
      await this.client.send(new (s3Sdk().HeadBucketCommand)({ Bucket: this.bucket }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async *list(type: FileType): AsyncIterable<FileInfo> {
    if (type === "config") {
      const st = await this.stat("config", "");
      if (st) yield { name: "config", size: st.size };
      return;
    }
    // No delimiter: data/ is listed recursively through its data/xx/ fan-out.
    const listPrefix = `${this.prefix ? `${this.prefix}/` : ""}${type}/`;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new (s3Sdk().ListObjectsV2Command)({
          Bucket: this.bucket,
          Prefix: listPrefix,
          ContinuationToken: token,
          MaxKeys: this.listPageSize,
        }),
      );
      for (const obj of page.Contents ?? []) {
        const name = obj.Key?.slice(obj.Key.lastIndexOf("/") + 1);
        if (name) yield { name, size: obj.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async read(type: FileType, name: string, range?: { offset: number; length: number }): Promise<Buffer> {
    if (range?.length === 0) return Buffer.alloc(0);
    const key = this.key(type, name);
    const Range = range ? `bytes=${range.offset}-${range.offset + range.length - 1}` : undefined;
    const bytes = await withRetry(
      `read ${key}`,
      async () => {
        try {
          const res = await this.client.send(
            new (s3Sdk().GetObjectCommand)({ Bucket: this.bucket, Key: key, Range }),
          );
          // Reading the body inside the retry: a stream cut off mid-way is retried as a whole.
          return Buffer.from(
            await (res.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
          );
        } catch (err) {
          if (isNotFound(err))
            throw new EngineError("not_found", `${key} does not exist in ${this.location()}`);
          if (isRangeError(err)) throw shortRead(key, range, 0);
          throw err;
        }
      },
      this.retry,
    );
    if (range && bytes.length !== range.length) throw shortRead(key, range, bytes.length);
    return bytes;
  }

  async write(type: FileType, name: string, bytes: Buffer): Promise<void> {
    // Content-addressed files with this name already hold these bytes; only locks and the config
    // may be written over (the config by init, which checks first).
    if (type !== "config" && type !== "locks" && (await this.stat(type, name))) return;
    const key = this.key(type, name);
    if (bytes.length >= this.multipartThreshold) {
      await uploadMultipart(this.client, { bucket: this.bucket, key, bytes, partSize: this.partSize });
      return;
    }
    await this.client.send(
      new (s3Sdk().PutObjectCommand)({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentLength: bytes.length,
        ContentType: "application/octet-stream",
      }),
    );
  }

  async remove(type: FileType, name: string): Promise<void> {
    const key = this.key(type, name);
    await this.client.send(new (s3Sdk().DeleteObjectCommand)({ Bucket: this.bucket, Key: key }));
  }

  async stat(type: FileType, name: string): Promise<{ size: number } | null> {
    const key = this.key(type, name);
    try {
      const head = await this.client.send(new (s3Sdk().HeadObjectCommand)({ Bucket: this.bucket, Key: key }));
      return { size: head.ContentLength ?? 0 };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** Releases the HTTP connections (tests and short-lived CLI runs). */
  close(): void {
    this.client.destroy();
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e?.name === "NoSuchKey" ||
    e?.name === "NotFound" ||
    e?.name === "NoSuchBucket" ||
    e?.$metadata?.httpStatusCode === 404
  );
}

function isRangeError(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "InvalidRange" || e?.$metadata?.httpStatusCode === 416;
}

function shortRead(
  key: string,
  range: { offset: number; length: number } | undefined,
  got: number,
): EngineError {
  return new EngineError(
    "corrupt",
    `${key}: wanted ${range?.length} bytes at offset ${range?.offset}, got ${got}`,
  );
}
