// The S3 backend survives throttling, dropped connections and bodies cut off mid-stream — injected
// by a proxy in front of a real S3-compatible server — and gives up after a bounded number of tries.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Fault,
  type FaultyProxy,
  S3RVER_CREDENTIALS,
  type S3TestServer,
  startFaultyProxy,
  startS3Server,
} from "@/test-support/s3-server";
import { S3Backend } from "./s3";

describe("S3Backend retries", () => {
  let server: S3TestServer;
  let direct: S3Backend;
  const proxies: FaultyProxy[] = [];
  const backends: S3Backend[] = [];
  const id = randomBytes(32).toString("hex");
  const bytes = randomBytes(256 * 1024);

  async function through(
    decide: (req: string, n: number) => Fault,
    attempts = 4,
    idleTimeoutMs?: number,
  ): Promise<{ backend: S3Backend; proxy: FaultyProxy }> {
    const proxy = await startFaultyProxy(server, decide);
    const backend = new S3Backend({
      endpoint: proxy.endpoint,
      bucket: "retry",
      ...S3RVER_CREDENTIALS,
      retry: { attempts, baseDelayMs: 5 },
      idleTimeoutMs,
    });
    proxies.push(proxy);
    backends.push(backend);
    return { backend, proxy };
  }

  /** Fails the first `n` requests matching `method` with `fault`, passes everything else. */
  const firstN = (method: string, n: number, fault: Fault) => {
    let seen = 0;
    return (req: string) => (req.startsWith(`${method} `) && seen++ < n ? fault : "pass");
  };

  beforeAll(async () => {
    server = await startS3Server();
    direct = new S3Backend({ endpoint: server.endpoint, bucket: "retry", ...S3RVER_CREDENTIALS });
    await direct.create();
    await direct.write("data", id, bytes);
  });
  afterAll(async () => {
    for (const b of [direct, ...backends]) b.close();
    for (const p of proxies) await p.stop();
    await server.stop();
  });

  it("writes through two 503 SlowDown answers", async () => {
    const { backend, proxy } = await through(firstN("PUT", 2, "slowdown"));
    const name = randomBytes(32).toString("hex");
    await backend.write("snapshots", name, Buffer.from("after throttling"));
    expect(proxy.requests.filter((r) => r.startsWith("PUT ")).length).toBe(3);
    expect((await direct.read("snapshots", name)).toString()).toBe("after throttling");
  });

  it("reads through a connection reset", async () => {
    const { backend, proxy } = await through(firstN("GET", 1, "reset"));
    expect((await backend.read("data", id)).equals(bytes)).toBe(true);
    expect(proxy.requests.filter((r) => r.startsWith("GET ")).length).toBe(2);
  });

  it("reads again when the body is cut off half-way", async () => {
    const { backend, proxy } = await through(firstN("GET", 2, "truncate"));
    const range = { offset: 1000, length: 200_000 };
    expect((await backend.read("data", id, range)).equals(bytes.subarray(1000, 201_000))).toBe(true);
    expect(proxy.requests.filter((r) => r.startsWith("GET ")).length).toBe(3);
  });

  it("gives up after the configured attempts when throttling does not stop", async () => {
    const { backend, proxy } = await through(() => "slowdown", 3);
    await expect(backend.stat("data", id)).rejects.toMatchObject({ $metadata: { httpStatusCode: 503 } });
    expect(proxy.requests.length).toBe(3);
  });

  it("gives up on a server that accepts the connection and never answers", async () => {
    const { backend, proxy } = await through(() => "silence", 2, 300);
    const started = Date.now();
    await expect(backend.stat("data", id)).rejects.toThrow(/timed out after 300 ms of inactivity/);
    expect(proxy.requests.length).toBe(2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("reads again when a body stops half-way and the connection stays open", async () => {
    const { backend, proxy } = await through(firstN("GET", 1, "stall"), 4, 300);
    expect((await backend.read("data", id)).equals(bytes)).toBe(true);
    expect(proxy.requests.filter((r) => r.startsWith("GET ")).length).toBe(2);
  });
});
