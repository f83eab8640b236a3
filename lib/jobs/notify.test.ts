// Webhook delivery against a local HTTP server and a real PostgreSQL: failures always, successes
// only where asked, retried with backoff until the receiver answers 2xx, never failing the job.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, auditEvents, jobs, policies, policyAssets, repositories } from "@/db/schema";
import { createTestPostgres, type TestDatabase } from "@/db/testing";
import { cliActor } from "@/lib/auth/roles";
import { testContext } from "@/lib/auth/testing";
import { createSecretBox } from "@/lib/secrets";
import { addWebhook, listWebhooks, removeWebhook, updateWebhook } from "@/lib/services/webhooks";
import { skipWithoutPostgres } from "@/test-support/external";
import { enqueueJob } from "./enqueue";
import { deliver, type JobEventPayload } from "./notify";
import { startScheduler } from "./scheduler";
import { PermanentJobError } from "./types";
import { startWorker } from "./worker";

const skip = await skipWithoutPostgres();

interface Receiver {
  url: string;
  received: { path: string; body: JobEventPayload }[];
  /** Answers 500 to this many requests before answering 200. */
  failFirst: number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver = { received: [], failFirst: 0 } as unknown as Receiver;
  let seen = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      seen++;
      if (seen <= receiver.failFirst) {
        res.writeHead(500).end();
        return;
      }
      receiver.received.push({ path: req.url ?? "", body: JSON.parse(body) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () => new Promise((r) => server.close(() => r()));
  return receiver;
}

describe.skipIf(skip)("webhooks", () => {
  let t: TestDatabase;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await createTestPostgres();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.destroy();
  });

  it("only admins manage webhooks, audited without the URL's secret part", async () => {
    const ctx = testContext(t.db, cliActor);
    const operator = testContext(t.db, { ...cliActor, role: "operator" });
    await expect(addWebhook(operator, { url: `${receiver.url}/x` })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(addWebhook(ctx, { url: "ftp://example.com" })).rejects.toThrow(/http/);
    const hook = await addWebhook(ctx, { url: `${receiver.url}/secret-token` });
    expect((await listWebhooks(ctx)).map((w) => w.id)).toEqual([hook.id]);
    await updateWebhook(ctx, { id: hook.id, enabled: false });
    await removeWebhook(ctx, { id: hook.id });
    expect(await listWebhooks(ctx)).toEqual([]);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.target, hook.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["webhook.add", "webhook.remove", "webhook.update"]);
    expect(JSON.stringify(audit)).not.toContain("secret-token");
  });

  it("retries a delivery until the receiver accepts it, and gives up after three tries", async () => {
    const payload = { event: "job.failed", job: { id: "j" } } as JobEventPayload;
    receiver.received = [];
    receiver.failFirst = 2;
    expect(await deliver(`${receiver.url}/retry`, payload, { backoffMs: 10 })).toBe(true);
    expect(receiver.received.length).toBe(1);
    const closed = await startReceiver();
    await closed.close();
    const started = Date.now();
    expect(await deliver(closed.url, payload, { backoffMs: 10, timeoutMs: 500 })).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a worker posts failures to every webhook and successes only where asked", async () => {
    const ctx = testContext(t.db, cliActor);
    await addWebhook(ctx, { url: `${receiver.url}/failures` });
    await addWebhook(ctx, { url: `${receiver.url}/everything`, onSuccess: true });
    // One dead webhook must not hold up the others nor the jobs.
    await addWebhook(ctx, { url: "http://127.0.0.1:9/dead" });
    receiver.received = [];
    receiver.failFirst = 0;
    const ok = await enqueueJob(t.db, { kind: "check", source: "cli" });
    const bad = await enqueueJob(t.db, { kind: "verify", source: "cli" });
    const worker = await startWorker({
      db: t.db,
      secrets: createSecretBox("x".repeat(32)),
      hostname: "h",
      pollMs: 50,
      notify: { backoffMs: 10, timeoutMs: 1000 },
      handlers: {
        check: async () => ({ checked: true }),
        verify: async () => {
          throw new PermanentJobError("restore point is gone");
        },
      },
    });
    const until = Date.now() + 20_000;
    while (receiver.received.length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await worker.stop();
    const got = receiver.received.map((r) => `${r.path} ${r.body.event} ${r.body.job.id}`).sort();
    expect(got).toEqual(
      [
        `/everything drill.failed ${bad?.id}`,
        `/everything job.succeeded ${ok?.id}`,
        `/failures drill.failed ${bad?.id}`,
      ].sort(),
    );
    const failed = receiver.received.find((r) => r.path === "/failures")?.body;
    expect(failed?.job).toMatchObject({ kind: "verify", status: "failed", error: "restore point is gone" });
    expect(failed?.job.finishedAt).toMatch(/Z$/);
    const succeeded = receiver.received.find((r) => r.body.event === "job.succeeded")?.body;
    expect(succeeded?.job.result).toEqual({ checked: true });
    const [okRow] = await t.db
      .select()
      .from(jobs)
      .where(eq(jobs.id, ok?.id ?? ""));
    expect(okRow.status).toBe("succeeded");
  });

  it("a scheduled backup that cannot run in its window is announced as missed", async () => {
    const [repo] = await t.db
      .insert(repositories)
      .values({ name: "r", url: "/tmp/none", passwordEncrypted: "x" })
      .returning();
    const [asset] = await t.db
      .insert(assets)
      .values({ kind: "directory", name: "a", path: "/tmp/a" })
      .returning();
    const start = new Date(Date.UTC(2031, 0, 1, 12, 0, 30));
    const [policy] = await t.db
      .insert(policies)
      .values({
        name: "nightly-window",
        schedule: "5 12 * * *",
        windowStart: "01:00",
        windowEnd: "05:00",
        repositoryId: repo.id,
        drillSchedule: null,
        createdAt: start,
      })
      .returning();
    await t.db.insert(policyAssets).values({ policyId: policy.id, assetId: asset.id });
    receiver.received = [];
    const scheduler = startScheduler({
      db: t.db,
      intervalMs: 60_000,
      clock: () => new Date(start.getTime() + 10 * 60_000),
      notify: { backoffMs: 10, timeoutMs: 1000 },
    });
    const until = Date.now() + 20_000;
    while (!receiver.received.some((r) => r.body.job?.status === "missed") && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await scheduler.stop();
    const missed = receiver.received.find((r) => r.body.job?.status === "missed")?.body;
    expect(missed?.event).toBe("backup.missed");
    expect(missed?.job).toMatchObject({
      kind: "backup",
      asset: { id: asset.id, name: "a" },
      policy: { id: policy.id, name: "nightly-window" },
    });
    expect(missed?.job.error).toMatch(/outside the backup window 01:00-05:00 UTC/);
  });
});
