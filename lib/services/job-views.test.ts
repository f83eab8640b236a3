// The dashboard's job list pages by keyset: pages never overlap or skip, whatever arrives
// meanwhile; filters combine; "Retry" queues a copy of a failed job and refuses any other.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, jobs } from "@/db/schema";
import type { TestDatabase } from "@/db/testing";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { contextFor, databaseKinds } from "./config.fixture";
import { listJobsPage, retryJob } from "./job-views";

describe.each(databaseKinds)("job views on $name", ({ create, skip }) => {
  let t: TestDatabase;
  const ids: string[] = [];

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    // Seven jobs, two of them sharing one creation instant (the id breaks the tie).
    const base = Date.parse("2026-12-01T10:00:00Z");
    for (let i = 0; i < 7; i++) {
      const job = await enqueueJob(t.db, { kind: i % 2 ? "check" : "forget", source: "cli", params: {} });
      const at = new Date(base + Math.min(i, 5) * 60_000);
      await t.db
        .update(jobs)
        .set({ createdAt: at })
        .where(eq(jobs.id, job?.id ?? ""));
      ids.push(job?.id ?? "");
    }
  });
  afterAll(async () => t?.destroy());

  it.skipIf(skip)("pages newest first without overlap or gaps", async () => {
    const ctx = contextFor(t, "viewer");
    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await listJobsPage(ctx, { limit: 3, before });
      seen.push(...page.items.map((j) => j.id));
      before = page.nextBefore ?? undefined;
      pages++;
      // A job arriving meanwhile does not shift the pages already cut.
      if (pages === 1) await enqueueJob(t.db, { kind: "check", source: "cli", params: {} });
    } while (before);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const rows = await t.db.select({ id: jobs.id, createdAt: jobs.createdAt }).from(jobs);
    const order = rows
      .filter((r) => ids.includes(r.id))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : 1))
      .map((r) => r.id);
    expect(seen).toEqual(order);
  });

  it.skipIf(skip)("filters by kind and time, and refuses a bad cursor", async () => {
    const ctx = contextFor(t, "viewer");
    const checks = await listJobsPage(ctx, { kind: "check", since: new Date("2026-12-01T10:02:00Z") });
    // 10:03 and 10:05 of the seeded ones, and the one added while paging.
    expect(checks.items.map((j) => j.kind)).toEqual(["check", "check", "check"]);
    expect(checks.items.map((j) => j.id).slice(1)).toEqual([ids[5], ids[3]]);
    await expect(listJobsPage(ctx, { before: "yesterday" })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it.skipIf(skip)("retries a failed job as a new one, and only a failed or missed one", async () => {
    const failed = ids[0] as string;
    await t.db.update(jobs).set({ status: "failed", error: "disk full" }).where(eq(jobs.id, failed));
    await expect(retryJob(contextFor(t, "viewer"), failed)).rejects.toMatchObject({ code: "forbidden" });
    const copy = await retryJob(contextFor(t, "operator"), failed);
    expect(copy.id).not.toBe(failed);
    expect(copy).toMatchObject({ kind: "forget", status: "queued", source: "ui" });
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.target, copy.id));
    expect(audit).toMatchObject({ action: "job.retry", details: { retryOf: failed } });
    await expect(retryJob(contextFor(t, "operator"), copy.id)).rejects.toMatchObject({ code: "conflict" });
  });
});
