// S3-specific behaviour beyond the shared Backend contract: pagination, prefixes, bucket creation.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3RVER_CREDENTIALS, type S3TestServer, startS3Server } from "@/test-support/s3-server";
import { S3Backend } from "./s3";

describe("S3Backend", () => {
  let server: S3TestServer;
  const opened: S3Backend[] = [];
  const backend = (bucket: string, prefix?: string, listPageSize?: number) => {
    const b = new S3Backend({
      endpoint: server.endpoint,
      bucket,
      prefix,
      listPageSize,
      ...S3RVER_CREDENTIALS,
    });
    opened.push(b);
    return b;
  };
  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(async () => {
    for (const b of opened) b.close();
    await server.stop();
  });

  it("creates a missing bucket, and a second repository under another prefix of it", async () => {
    const one = backend("shared", "team/one");
    await one.create();
    await one.write("config", "", Buffer.from("one"));
    const two = backend("shared", "/team/two/");
    await two.create();
    await two.write("config", "", Buffer.from("two"));
    expect((await one.read("config", "")).toString()).toBe("one");
    expect((await two.read("config", "")).toString()).toBe("two");
    expect(two.location()).toBe(`s3:${server.endpoint}/shared/team/two`);
  });

  it("keeps repositories under neighbouring prefixes apart when listing", async () => {
    const a = backend("prefixes", "repo");
    const b = backend("prefixes", "repo-old");
    await a.create();
    await a.write("snapshots", "a".repeat(64), Buffer.from("a"));
    await b.write("snapshots", "b".repeat(64), Buffer.from("b"));
    const names = [];
    for await (const f of a.list("snapshots")) names.push(f.name);
    expect(names).toEqual(["a".repeat(64)]);
  });

  it("follows list pagination to the end", async () => {
    const b = backend("paged", "", 3);
    await b.create();
    const ids = Array.from({ length: 11 }, () => randomBytes(32).toString("hex")).sort();
    for (const id of ids) await b.write("index", id, Buffer.from(id));
    const listed = [];
    for await (const f of b.list("index")) listed.push(f.name);
    expect(listed.sort()).toEqual(ids);
  });
});
