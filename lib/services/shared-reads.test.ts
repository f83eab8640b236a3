// A shared read is computed once for the requests of the same moment, and starts over the
// moment anything it could show changes: a mutation through a service, a job changing status.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "@/db/schema";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import { cliContext } from "@/lib/auth/context";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { sharedRead } from "./shared-reads";
import { createUser } from "./users";

describe("shared reads", () => {
  let t: TestDatabase;
  let loads = 0;
  const load = async () => ++loads;
  const read = (maxAgeMs = 60_000) => sharedRead(t.db, "count", maxAgeMs, load);

  beforeAll(async () => {
    t = await createTestPglite();
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it("answers the same moment's readers from one load", async () => {
    const answers = await Promise.all([read(), read(), read()]);
    expect(answers).toEqual([1, 1, 1]);
    expect(await read()).toBe(1);
  });

  it("loads again after a mutation through a service", async () => {
    const before = await read();
    await createUser(cliContext(t.db), {
      email: "s@example.com",
      password: "correct horse battery",
      role: "viewer",
    });
    expect(await read()).toBe(before + 1);
    expect(await read()).toBe(before + 1);
  });

  it("loads again when a job changes status, not when it only progresses", async () => {
    const before = await read();
    const job = await enqueueJob(t.db, { kind: "check", source: "cli", params: {} });
    if (!job) throw new Error("no job");
    await expect.poll(read, { timeout: 5000 }).toBe(before + 1);
    const queued = await read();
    await t.db.update(jobs).set({ bytesDone: 10 }).where(eq(jobs.id, job.id));
    await t.db.update(jobs).set({ status: "running" }).where(eq(jobs.id, job.id));
    await expect.poll(read, { timeout: 5000 }).toBe(queued + 1);
    // Progress alone: the shared answer stands.
    await t.db.update(jobs).set({ bytesDone: 20 }).where(eq(jobs.id, job.id));
    await new Promise((r) => setTimeout(r, 300));
    expect(await read()).toBe(queued + 1);
  });

  it("loads again once the answer is older than maxAgeMs", async () => {
    const first = await read(50);
    expect(await read(50)).toBe(first);
    await new Promise((r) => setTimeout(r, 80));
    expect(await read(50)).toBe(first + 1);
  });

  it("does not keep a failed load", async () => {
    let fail = true;
    const flaky = async () => {
      if (fail) throw new Error("database went away");
      return "ok";
    };
    await expect(sharedRead(t.db, "flaky", 60_000, flaky)).rejects.toThrow("went away");
    fail = false;
    expect(await sharedRead(t.db, "flaky", 60_000, flaky)).toBe("ok");
  });
});
