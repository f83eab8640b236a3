// The job routes as the dashboard uses them: the event stream pushes a change the moment a job
// row changes (whoever changed it), and the JSON route returns the job with its log. Real
// sessions on the process-wide embedded database. (lib/auth/access.test.ts proves the gates.)
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PASSWORD = "job-routes-password";
let dataDir: string;
let viewer: Headers;

type Handler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-job-routes-"));
  process.env.LIFEBOAT_DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  const { getDb } = await import("@/db");
  const { getAuth } = await import("@/lib/auth/server");
  const { createFirstAdmin, createUser } = await import("@/lib/services/users");
  const { publicContext } = await import("@/lib/auth/context");
  const { testContext } = await import("@/lib/auth/testing");
  const db = await getDb();
  const admin = await createFirstAdmin(publicContext(db, "ui"), {
    email: "admin@example.com",
    password: PASSWORD,
  });
  const actor = { id: admin.id, email: admin.email, role: "admin" as const, source: "ui" as const };
  await createUser(testContext(db, actor), {
    email: "viewer@example.com",
    password: PASSWORD,
    role: "viewer",
  });
  const response = await (await getAuth()).api.signInEmail({
    body: { email: "viewer@example.com", password: PASSWORD },
    asResponse: true,
  });
  viewer = new Headers({ cookie: String(response.headers.get("set-cookie")).split(";")[0] });
});

afterAll(async () => {
  const { getDbHandle } = await import("@/db");
  await (await getDbHandle()).close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("GET /api/jobs/events", () => {
  it("streams a job's changes to a signed-in viewer as they happen", async () => {
    const { GET } = (await import("./events/route")) as unknown as { GET: Handler };
    const abort = new AbortController();
    const response = await GET(
      new Request("http://localhost:3000/api/jobs/events", { headers: viewer, signal: abort.signal }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = "";
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
        text += decoder.decode(value);
      }
    };
    await readUntil(/: connected/);

    // A job moved the way a worker moves it: inserted, then progress written.
    const { getDb } = await import("@/db");
    const { jobs } = await import("@/db/schema");
    const { enqueueJob } = await import("@/lib/jobs/enqueue");
    const db = await getDb();
    const job = await enqueueJob(db, { kind: "check", source: "cli", params: {} });
    await db
      .update(jobs)
      .set({ status: "running", bytesDone: 300, bytesTotal: 600 })
      .where(eq(jobs.id, job?.id ?? ""));
    await readUntil(/"bytesDone":300/);
    const events = text
      .split("\n\n")
      .filter((block) => block.startsWith("event: job"))
      .map((block) => JSON.parse(block.split("data: ")[1] ?? "{}"));
    expect(events.map((e) => [e.id, e.status])).toEqual([
      [job?.id, "queued"],
      [job?.id, "running"],
    ]);
    expect(events[1]).toMatchObject({ bytesDone: 300, bytesTotal: 600, kind: "check" });
    abort.abort();
    await reader.cancel().catch(() => undefined);
  });
});

describe("GET /api/jobs/[id]", () => {
  it("returns the job with its log, and 404 for an unknown one", async () => {
    const { GET } = (await import("./[id]/route")) as unknown as { GET: Handler };
    const { getDb } = await import("@/db");
    const { enqueueJob } = await import("@/lib/jobs/enqueue");
    const { appendJobLog } = await import("@/lib/jobs/job-log");
    const db = await getDb();
    const job = await enqueueJob(db, { kind: "check", source: "cli", params: {} });
    await appendJobLog(db, job?.id ?? "", "checking main");
    const call = (id: string) =>
      GET(new Request(`http://localhost:3000/api/jobs/${id}`, { headers: viewer }), {
        params: Promise.resolve({ id }),
      });
    const found = await call(job?.id ?? "");
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({
      id: job?.id,
      kind: "check",
      status: "queued",
      log: expect.stringContaining("checking main"),
    });
    const missing = await call("00000000-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
  });
});
