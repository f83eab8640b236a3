// The embedded database served over its owner's socket: a second process's client (postgres.js,
// as the CLI uses it) reads and writes the owner's database while the owner keeps using it, and
// neither side's transaction ever takes in the other's statements.
import { stat } from "node:fs/promises";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "./client";
import { openDb } from "./client";
import { liveWorkerHosts, openSharedDb, serveEmbeddedDb } from "./owner";
import { socketAnswers, socketPathFor } from "./pglite-socket";
import { webhooks } from "./schema";
import { createTestPglite, type TestDatabase } from "./testing";

describe("the embedded database's socket", () => {
  let owner: TestDatabase;
  let dataDir: string;
  let close: () => Promise<void>;
  let client: DbHandle;

  beforeAll(async () => {
    owner = await createTestPglite();
    dataDir = owner.location.dataDir as string;
    const server = await serveEmbeddedDb(owner, dataDir, { workerHost: "owner-host" });
    if (!server) throw new Error("not served");
    close = server.close;
    client = await openSharedDb({ dataDir });
  });
  afterAll(async () => {
    await client?.close();
    await close?.();
    await owner?.destroy();
  });

  it("is reached by a second opener instead of the folder, and only by this user", async () => {
    expect(client.viaSocket).toBe(socketPathFor(dataDir));
    expect(client.driver).toBe("postgres");
    expect((await stat(socketPathFor(dataDir))).mode & 0o777).toBe(0o600);
    expect((await stat(`${dataDir}/run`)).mode & 0o777).toBe(0o700);
    // Opening the folder itself is still refused: one owner.
    await expect(openDb({ dataDir })).rejects.toThrow(/in use by process/);
  });

  it("shares one database both ways", async () => {
    await owner.db.insert(webhooks).values({ url: "http://owner.example/" });
    await client.db.insert(webhooks).values({ url: "http://client.example/" });
    const fromClient = await client.db.select({ url: webhooks.url }).from(webhooks);
    const fromOwner = await owner.db.select({ url: webhooks.url }).from(webhooks);
    expect(fromClient.map((r) => r.url).sort()).toEqual(["http://client.example/", "http://owner.example/"]);
    expect(fromOwner).toHaveLength(2);
  });

  it("keeps each side's transactions whole while both run at once", async () => {
    // Each side writes while the other is inside a transaction it then rolls back.
    let inside!: () => void;
    let entered = new Promise<void>((r) => (inside = r));
    const clientTx = client.db.transaction(async (tx) => {
      await tx.insert(webhooks).values({ url: "http://client-tx.example/" });
      inside();
      await new Promise((r) => setTimeout(r, 300));
      throw new Error("roll back");
    });
    await entered;
    const ownerWrite = owner.db.insert(webhooks).values({ url: "http://owner-during.example/" });
    await expect(clientTx).rejects.toThrow("roll back");
    await ownerWrite;
    const urls = (await owner.db.select({ url: webhooks.url }).from(webhooks)).map((r) => r.url);
    expect(urls).toContain("http://owner-during.example/");
    expect(urls).not.toContain("http://client-tx.example/");

    entered = new Promise<void>((r) => (inside = r));
    const ownerTx = owner.db.transaction(async (tx) => {
      await tx.insert(webhooks).values({ url: "http://owner-tx.example/" });
      inside();
      await new Promise((r) => setTimeout(r, 300));
      throw new Error("roll back");
    });
    await entered;
    const clientWrite = client.db.insert(webhooks).values({ url: "http://client-during.example/" });
    await expect(ownerTx).rejects.toThrow("roll back");
    await clientWrite;
    const after = (await client.db.select({ url: webhooks.url }).from(webhooks)).map((r) => r.url);
    expect(after).toContain("http://client-during.example/");
    expect(after).not.toContain("http://owner-tx.example/");
  });

  it("many short-lived clients, as one CLI command after another, each see the same rows", async () => {
    for (let i = 0; i < 5; i++) {
      const next = await openSharedDb({ dataDir });
      const [row] = await next.db.select({ n: count() }).from(webhooks).where(eq(webhooks.enabled, true));
      expect(Number(row?.n)).toBeGreaterThanOrEqual(3);
      await next.db.execute(sql`select 1`);
      await next.close();
    }
  });

  it("tells clients whether the owner runs a worker", async () => {
    expect(await liveWorkerHosts(client)).toEqual(["owner-host"]);
    expect(await liveWorkerHosts(owner)).toBeNull();
  });

  it("is gone when the owner stops serving", async () => {
    await client.close();
    await close();
    expect(await socketAnswers(socketPathFor(dataDir))).toBe(false);
  });
});
