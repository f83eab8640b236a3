// The live feed reaches a subscriber whoever changes the job: here a plain UPDATE like the
// worker's progress writer and the CLI make, on PGlite and on a real PostgreSQL server.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { jobs } from "@/db/schema";
import { testDatabaseKinds } from "@/db/testing";
import { skipWithoutPostgres } from "@/test-support/external";
import { enqueueJob } from "./enqueue";
import { type JobEvent, subscribeJobEvents } from "./events";
import { createProgressWriter } from "./job-log";

async function story(handle: DbHandle) {
  const seen: JobEvent[] = [];
  const stop = await subscribeJobEvents(handle, (e) => seen.push(e));
  const job = await enqueueJob(handle.db, { kind: "check", source: "cli", params: {} });
  if (!job) throw new Error("no job");
  await handle.db.update(jobs).set({ status: "running" }).where(eq(jobs.id, job.id));
  const writer = createProgressWriter(handle.db, job.id, { intervalMs: 0 });
  writer.update({ bytesDone: 512, bytesTotal: 1024, filesDone: 1, filesTotal: 2 });
  await writer.flush();
  // A heartbeat changes nothing a person sees: no event.
  await handle.db.update(jobs).set({ heartbeatAt: new Date() }).where(eq(jobs.id, job.id));
  await expect.poll(() => seen.filter((e) => e.id === job.id).length, { timeout: 5000 }).toBe(3);
  stop();
  const mine = seen.filter((e) => e.id === job.id);
  expect(mine.map((e) => e.status)).toEqual(["queued", "running", "running"]);
  expect(mine[2]).toMatchObject({ bytesDone: 512, bytesTotal: 1024, filesDone: 1, filesTotal: 2 });
}

const noPostgres = await skipWithoutPostgres();

describe.each(testDatabaseKinds)("job events on $name", ({ name, create }) => {
  it.skipIf(name === "postgres" && noPostgres)("reach a subscriber", async () => {
    const db = await create();
    try {
      await story(db);
    } finally {
      await db.destroy();
    }
  });
});
