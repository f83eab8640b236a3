// A worker killed with SIGKILL in the middle of a real backup: the job is retried by another
// worker and succeeds, reusing the packs the killed attempt stored; the repository passes
// `restic check --read-data`, and the killed attempt left no restore point.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, restorePoints } from "@/db/schema";
import { createTestPostgres, type TestDatabase } from "@/db/testing";
import { cliActor } from "@/lib/auth/roles";
import { testContext } from "@/lib/auth/testing";
import { createSecretBox } from "@/lib/secrets";
import { addAsset } from "@/lib/services/assets";
import { runBackupNow } from "@/lib/services/jobs";
import { createPolicy } from "@/lib/services/policies";
import { addRepository } from "@/lib/services/repositories";
import { lifeboatCommand } from "@/test-support/cli";
import { skipWithoutPostgres, skipWithoutRestic } from "@/test-support/external";
import { resticOk } from "@/test-support/restic";

const noPostgres = await skipWithoutPostgres();
const noRestic = skipWithoutRestic();
const ROOT = path.resolve(import.meta.dirname, "../..");
const SECRET = "worker crash test secret, long enough to be a key";
const PASSWORD = "crash test repository password";

let db: TestDatabase;
let work: string;
const children: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawn(...lifeboatCommand(["worker", "--no-scheduler", "--poll-ms", "200"]), {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: db.location.databaseUrl,
      LIFEBOAT_SECRET: SECRET,
      INIT_CWD: work,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  return child;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  explain: () => Promise<string> = async () => "",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${await explain()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Bytes of the pack files in the repository (data/xx/*; unfinished packs sit in data/). */
async function packBytes(repo: string): Promise<number> {
  let bytes = 0;
  for (const sub of await fs.readdir(path.join(repo, "data"))) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue;
    for (const name of await fs.readdir(path.join(repo, "data", sub)))
      bytes += (await fs.stat(path.join(repo, "data", sub, name))).size;
  }
  return bytes;
}

beforeAll(async () => {
  if (noPostgres || noRestic) return;
  db = await createTestPostgres();
  work = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-crash-"));
  const data = path.join(work, "data");
  await fs.mkdir(data);
  // Incompressible, so the backup takes long enough to be killed half-way: several of the job's
  // once-a-second progress writes must come while it runs (192 MiB took 1.9 s, with one).
  for (let i = 0; i < 24; i++)
    await fs.writeFile(path.join(data, `blob-${i}.bin`), randomBytes(16 * 1024 * 1024));
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await db?.destroy();
  if (work) await fs.rm(work, { recursive: true, force: true });
});

describe.skipIf(noPostgres || noRestic)("a worker killed mid-backup", () => {
  it("is retried by another worker; restic check passes; the killed attempt left no restore point", async () => {
    const ctx = testContext(db.db, cliActor, createSecretBox(SECRET));
    const repo = path.join(work, "repo");
    await addRepository(ctx, { name: "main", url: repo, password: PASSWORD, init: true });
    await addAsset(ctx, { kind: "directory", name: "data", path: path.join(work, "data") });
    await createPolicy(ctx, {
      name: "nightly",
      assets: ["data"],
      schedule: "0 3 * * *",
      retention: { keepLast: 5 },
    });
    const [job] = await runBackupNow(ctx, { policy: "nightly" });
    const jobId = job?.id as string;
    const read = async () => (await db.db.select().from(jobs).where(eq(jobs.id, jobId)))[0];

    const first = startWorker();
    // Read, so the worker never blocks on a full pipe, and shown if the wait times out.
    let firstLog = "";
    first.stderr?.on("data", (d) => (firstLog += d));
    await until(
      "the first attempt to be half-way",
      async () => {
        const row = await read();
        return row?.status === "running" && row.bytesDone > 40 * 1024 * 1024 ? row : undefined;
      },
      120_000,
      async () => {
        const row = await read();
        return `job: ${JSON.stringify({ status: row?.status, attempts: row?.attempts, bytesDone: row?.bytesDone, error: row?.error })}\nlog: ${row?.log}\nworker: ${firstLog.slice(-4000)}`;
      },
    );
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    expect(await db.db.select().from(restorePoints)).toEqual([]);
    const stored = await packBytes(repo);
    expect(stored, "the killed attempt stored no pack").toBeGreaterThan(0);

    const second = startWorker();
    let log = "";
    second.stderr?.on("data", (d) => (log += d));
    const done = await until(
      "the retry to end",
      async () => {
        const row = await read();
        return row && ["succeeded", "failed"].includes(row.status) ? row : undefined;
      },
      180_000,
    );
    expect(done.status, `${done.error}\n${done.log}\n${log}`).toBe("succeeded");
    expect(done.attempts).toBe(2);
    const points = await db.db.select().from(restorePoints);
    expect(points).toHaveLength(1);
    expect(points[0]?.jobId).toBe(jobId);
    // The retry picked up the packs the killed attempt stored: it added at most the unfinished
    // pack's worth (16 MiB) beyond what was never stored (packed sizes include ~0.01% sealing).
    const all = 24 * 16 * 1024 * 1024 * 1.001;
    expect(points[0]?.bytesAdded).toBeLessThanOrEqual(all - stored + 16 * 1024 * 1024);
    expect(points[0]?.bytesAdded).toBeGreaterThan(all - stored - 17 * 1024 * 1024);
    expect((await fs.readdir(path.join(repo, "data"))).filter((n) => n.includes("-tmp-"))).toEqual([]);
    second.kill("SIGTERM");
    await new Promise((r) => second.once("exit", r));

    await resticOk(repo, ["check", "--read-data"], { password: PASSWORD });
    const snapshots = JSON.parse(await resticOk(repo, ["snapshots", "--json"], { password: PASSWORD })) as {
      id: string;
    }[];
    expect(snapshots.map((s) => s.id)).toContain(points[0]?.snapshotId);
  }, 400_000);
});
