// One contract, every backend: the local folder and the S3 backend (against a real S3-compatible
// server on loopback) must behave the same for everything the repository layer relies on.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, tempDir } from "@/test-support/restic";
import { S3RVER_CREDENTIALS, type S3TestServer, startS3Server } from "@/test-support/s3-server";
import { isEngineError } from "../errors";
import type { Backend, FileType } from "./backend";
import { LocalBackend } from "./local";
import { S3Backend } from "./s3";

interface Harness {
  name: string;
  setup(): Promise<void>;
  /** A backend on a fresh, not yet created location. */
  fresh(): Promise<Backend>;
  teardown(): Promise<void>;
}

function localHarness(): Harness {
  let root = "";
  let n = 0;
  return {
    name: "LocalBackend",
    async setup() {
      root = await tempDir("lifeboat-contract-");
    },
    async fresh() {
      return new LocalBackend(`${root}/repo-${n++}`);
    },
    async teardown() {
      await removeDir(root);
    },
  };
}

function s3Harness(): Harness {
  let server: S3TestServer;
  let n = 0;
  const opened: S3Backend[] = [];
  return {
    name: "S3Backend",
    async setup() {
      server = await startS3Server();
    },
    async fresh() {
      const backend = new S3Backend({
        endpoint: server.endpoint,
        bucket: `bucket-${n++}`,
        prefix: "some/prefix",
        ...S3RVER_CREDENTIALS,
      });
      opened.push(backend);
      return backend;
    },
    async teardown() {
      for (const b of opened) b.close();
      await server?.stop();
    },
  };
}

async function names(backend: Backend, type: FileType): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for await (const f of backend.list(type)) out.set(f.name, f.size);
  return out;
}

const hexId = () => randomBytes(32).toString("hex");

describe.each([localHarness(), s3Harness()])("Backend contract: $name", (h) => {
  let backend: Backend;
  beforeAll(async () => {
    await h.setup();
    backend = await h.fresh();
    await backend.create();
  }, 30_000);
  afterAll(() => h.teardown());

  it("refuses to create a repository where a config exists", async () => {
    const b = await h.fresh();
    await b.create();
    await b.write("config", "", Buffer.from("cfg"));
    await expect(b.create()).rejects.toSatisfy((e) => isEngineError(e, "already_exists"));
  });

  it("writes and reads back every file type, and lists each type apart", async () => {
    const written = new Map<FileType, { name: string; bytes: Buffer }>();
    for (const type of ["keys", "data", "index", "snapshots", "locks"] as FileType[]) {
      const entry = { name: hexId(), bytes: randomBytes(100 + written.size) };
      await backend.write(type, entry.name, entry.bytes);
      written.set(type, entry);
    }
    for (const [type, { name, bytes }] of written) {
      expect(await backend.read(type, name)).toEqual(bytes);
      expect(await backend.stat(type, name)).toEqual({ size: bytes.length });
      expect(await names(backend, type)).toEqual(new Map([[name, bytes.length]]));
      await backend.remove(type, name);
    }
  });

  it("lists data files across the two-hex-digit fan-out", async () => {
    const ids = ["00", "7f", "ff"].map((p) => p + hexId().slice(2));
    for (const id of ids) await backend.write("data", id, Buffer.from(id));
    const listed = await names(backend, "data");
    expect([...listed.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(listed.get(id)).toBe(64);
    for (const id of ids) await backend.remove("data", id);
    expect((await names(backend, "data")).size).toBe(0);
  });

  it("shows a partial file only once committed, whole, under its name; an aborted one leaves nothing", async () => {
    if (!backend.createPartial) return; // optional: such a backend gets whole packs
    const id = hexId();
    const partial = await backend.createPartial("data");
    await partial.append([Buffer.from("first "), Buffer.from("second ")]);
    await partial.append([Buffer.from("third")]);
    expect((await names(backend, "data")).size).toBe(0);
    await partial.commit(id);
    expect([...(await names(backend, "data")).keys()]).toEqual([id]);
    expect((await backend.read("data", id)).toString()).toBe("first second third");
    await backend.remove("data", id);

    const dropped = await backend.createPartial("data");
    await dropped.append([Buffer.from("never seen")]);
    await dropped.abort();
    expect((await names(backend, "data")).size).toBe(0);
  });

  it("reads exact byte ranges and reports a range past the end as corrupt", async () => {
    const id = hexId();
    const bytes = randomBytes(4096);
    await backend.write("data", id, bytes);
    expect(await backend.read("data", id, { offset: 0, length: 10 })).toEqual(bytes.subarray(0, 10));
    expect(await backend.read("data", id, { offset: 1000, length: 3096 })).toEqual(bytes.subarray(1000));
    expect(await backend.read("data", id, { offset: 4095, length: 1 })).toEqual(bytes.subarray(4095));
    await expect(backend.read("data", id, { offset: 4000, length: 200 })).rejects.toSatisfy((e) =>
      isEngineError(e, "corrupt"),
    );
    await backend.remove("data", id);
  });

  it("reports missing files as not_found / null, and removing them is harmless", async () => {
    const id = hexId();
    await expect(backend.read("index", id)).rejects.toSatisfy((e) => isEngineError(e, "not_found"));
    expect(await backend.stat("index", id)).toBeNull();
    await backend.remove("index", id);
  });

  it("keeps the first content of a content-addressed file and lets the config be read whole", async () => {
    const id = hexId();
    await backend.write("snapshots", id, Buffer.from("first"));
    await backend.write("snapshots", id, Buffer.from("second"));
    expect((await backend.read("snapshots", id)).toString()).toBe("first");
    await backend.remove("snapshots", id);
    await backend.write("config", "", Buffer.from("config bytes"));
    expect((await backend.read("config", "")).toString()).toBe("config bytes");
    expect(await names(backend, "config")).toEqual(new Map([["config", 12]]));
  });

  it("stores a pack larger than the multipart threshold intact", async () => {
    const id = hexId();
    const bytes = randomBytes(19 * 1024 * 1024);
    await backend.write("data", id, bytes);
    expect((await backend.stat("data", id))?.size).toBe(bytes.length);
    const back = await backend.read("data", id);
    expect(back.equals(bytes)).toBe(true);
    const tail = await backend.read("data", id, { offset: bytes.length - 5000, length: 5000 });
    expect(tail.equals(bytes.subarray(bytes.length - 5000))).toBe(true);
    await backend.remove("data", id);
  }, 60_000);
});
