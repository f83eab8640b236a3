// The download and metrics route handlers as a browser and a scraper call them: real sessions on
// the process-wide embedded database, a real snapshot in a temp repository. (lib/auth/access.test.ts
// proves the role gates of every route; this proves what comes back.)
import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, tempDir } from "@/test-support/restic";

const PASSWORD = "read-routes-password";
// The key of test-support/job-kinds's secret box, which encrypts the fixture repository's password.
const SECRET = "lifeboat job kinds test secret, long enough to be a key";
const TOKEN = "metrics-scraper-token-0123456789";

let work: string;
let viewer: Headers;
let operator: Headers;
let repoDir: string;
let pointId: string;
let snapshotId: string;

type Handler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

beforeAll(async () => {
  work = await tempDir("lifeboat-read-routes-");
  process.env.LIFEBOAT_DATA_DIR = path.join(work, "data");
  process.env.LIFEBOAT_SECRET = SECRET;
  process.env.LIFEBOAT_METRICS_TOKEN = TOKEN;
  delete process.env.DATABASE_URL;
  const { getDb } = await import("@/db");
  const { getAuth } = await import("@/lib/auth/server");
  const { createFirstAdmin, createUser } = await import("@/lib/services/users");
  const { publicContext } = await import("@/lib/auth/context");
  const { testContext } = await import("@/lib/auth/testing");
  const { policyAssets } = await import("@/db/schema");
  const kinds = await import("@/test-support/job-kinds");
  const { runBackupJob } = await import("@/lib/jobs/kinds/backup");
  const db = await getDb();
  const admin = await createFirstAdmin(publicContext(db, "ui"), {
    email: "admin@example.com",
    password: PASSWORD,
  });
  const actor = { id: admin.id, email: admin.email, role: "admin" as const, source: "ui" as const };
  const signIn = async (role: "viewer" | "operator") => {
    await createUser(testContext(db, actor), { email: `${role}@example.com`, password: PASSWORD, role });
    const response = await (await getAuth()).api.signInEmail({
      body: { email: `${role}@example.com`, password: PASSWORD },
      asResponse: true,
    });
    return new Headers({ cookie: String(response.headers.get("set-cookie")).split(";")[0] });
  };
  viewer = await signIn("viewer");
  operator = await signIn("operator");

  const t = { db } as Parameters<typeof kinds.createRepositoryFixture>[0];
  const fx = await kinds.createRepositoryFixture(t, work);
  repoDir = path.join(work, "repo-main");
  const site = path.join(work, "site");
  await kinds.writeTree(site, {
    "etc/nginx/nginx.conf": "worker_processes 2;\n",
    "docs/café ü.txt": "déjà\n",
    // Incompressible and many blobs long, so a download is still streaming when it is aborted.
    "big.bin": randomBytes(24 * 1024 * 1024),
  });
  const asset = await kinds.createDirectoryAsset(t, site, "site");
  const policy = await kinds.createPolicy(t, fx.repositoryId, { keepLast: 3 });
  await db.insert(policyAssets).values({ policyId: policy.id, assetId: asset.id });
  const run = await kinds.runKind(t, runBackupJob, {
    kind: "backup",
    assetId: asset.id,
    policyId: policy.id,
  });
  if (run.error) throw run.error;
  ({ restorePointId: pointId, snapshotId } = run.result as { restorePointId: string; snapshotId: string });
});

afterAll(async () => {
  const { getDbHandle } = await import("@/db");
  await (await getDbHandle()).close();
  delete process.env.LIFEBOAT_METRICS_TOKEN;
  if (work) await removeDir(work);
});

describe("GET /api/restore-points/[id]/file", () => {
  async function download(id: string, query: string, headers = operator, signal?: AbortSignal) {
    const { GET } = (await import("./restore-points/[id]/file/route")) as unknown as { GET: Handler };
    const url = `http://localhost:3000/api/restore-points/${id}/file${query}`;
    return GET(new Request(url, { headers, signal }), { params: Promise.resolve({ id }) });
  }

  it("streams one file as an attachment, by point id or snapshot prefix", async () => {
    const res = await download(pointId, "?path=etc/nginx/nginx.conf");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="nginx.conf"; filename*=UTF-8''nginx.conf`,
    );
    expect(res.headers.get("content-length")).toBe("20");
    expect(await res.text()).toBe("worker_processes 2;\n");
    const named = await download(snapshotId.slice(0, 8), `?path=${encodeURIComponent("docs/café ü.txt")}`);
    expect(named.headers.get("content-disposition")).toBe(
      `attachment; filename="caf_ _.txt"; filename*=UTF-8''caf%C3%A9%20%C3%BC.txt`,
    );
    expect(await named.text()).toBe("déjà\n");
  });

  it("answers bad requests with JSON errors", async () => {
    expect((await download(pointId, "")).status).toBe(400);
    const folder = await download(pointId, "?path=etc");
    expect(folder.status).toBe(404);
    expect(await folder.json()).toMatchObject({ error: { code: "not_found", message: /not a file/ } });
    expect((await download(pointId, "?path=../../etc/passwd")).status).toBe(400);
    expect((await download("feedbeef", "?path=x")).status).toBe(404);
    expect((await download(pointId, "?path=etc/nginx/nginx.conf", new Headers())).status).toBe(401);
  });

  it("is refused to a viewer: files hold secrets (dumps, configuration)", async () => {
    const res = await download(pointId, "?path=etc/nginx/nginx.conf", viewer);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
  });

  it("stops cleanly when a slow client aborts mid-download", async () => {
    // Served the way `next start` serves a route handler's body: Next's own pipeToNodeResponse
    // over a real socket, with the request's signal tied to the response closing. The client
    // reads slowly (so the stream is under backpressure) and then hangs up.
    const { createServer } = await import("node:http");
    const net = await import("node:net");
    const { pipeToNodeResponse } = (await import("next/dist/server/pipe-readable.js")) as unknown as {
      pipeToNodeResponse: (body: ReadableStream, res: import("node:http").ServerResponse) => Promise<void>;
    };
    const { signalFromNodeResponse } = (await import(
      "next/dist/server/web/spec-extension/adapters/next-request.js"
    )) as unknown as { signalFromNodeResponse: (res: import("node:http").ServerResponse) => AbortSignal };
    const problems: unknown[] = [];
    const onProblem = (error: unknown) => problems.push(error);
    process.on("uncaughtException", onProblem);
    process.on("unhandledRejection", onProblem);
    const { logger } = await import("@/lib/logger");
    const logged: unknown[] = [];
    const error = logger.error.bind(logger);
    logger.error = ((...args: unknown[]) => {
      logged.push(args);
      return (error as (...a: unknown[]) => void)(...args);
    }) as typeof logger.error;
    const server = createServer(async (_req, res) => {
      const response = await download(pointId, "?path=big.bin", operator, signalFromNodeResponse(res));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      await pipeToNodeResponse(response.body as ReadableStream, res).catch(onProblem);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as import("node:net").AddressInfo;
    try {
      for (let round = 0; round < 3; round++) {
        const socket = net.connect(port, "127.0.0.1");
        socket.write(`GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
        let received = 0;
        socket.on("data", (chunk: Buffer) => {
          received += chunk.length;
          socket.pause();
          setTimeout(() => socket.resume(), 20);
        });
        while (received < 256 * 1024) await new Promise((resolve) => setTimeout(resolve, 10));
        socket.destroy();
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
      process.off("uncaughtException", onProblem);
      process.off("unhandledRejection", onProblem);
      logger.error = error;
    }
    expect(problems).toEqual([]);
    expect(logged).toEqual([]);
    // No lock is left behind in the repository, and the whole file is still served afterwards.
    expect(await readdir(path.join(repoDir, "locks")).catch(() => [])).toEqual([]);
    const whole = await download(pointId, "?path=big.bin");
    expect((await whole.arrayBuffer()).byteLength).toBe(24 * 1024 * 1024);
  });
});

describe("GET /api/restore-points/[id]/archive", () => {
  async function archive(id: string, query: string, headers = operator) {
    const { GET } = (await import("./restore-points/[id]/archive/route")) as unknown as { GET: Handler };
    const url = `http://localhost:3000/api/restore-points/${id}/archive${query}`;
    return GET(new Request(url, { headers }), { params: Promise.resolve({ id }) });
  }

  it("streams a folder as a tar that the system's tar unpacks to the same bytes", async () => {
    const res = await archive(pointId, "?path=etc");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-tar");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="etc.tar"; filename*=UTF-8''etc.tar`,
    );
    const { execFileSync } = await import("node:child_process");
    const { mkdtemp, readFile, writeFile } = await import("node:fs/promises");
    const out = await mkdtemp(path.join(work, "archive-"));
    await writeFile(path.join(out, "etc.tar"), Buffer.from(await res.arrayBuffer()));
    execFileSync("tar", ["-xf", "etc.tar"], { cwd: out });
    expect(await readFile(path.join(out, "etc/nginx/nginx.conf"), "utf8")).toBe("worker_processes 2;\n");
  });

  it("is refused to a viewer and to anonymous callers, and climbing paths are refused", async () => {
    expect((await archive(pointId, "?path=etc", viewer)).status).toBe(403);
    expect((await archive(pointId, "?path=etc", new Headers())).status).toBe(401);
    expect((await archive(pointId, "?path=../..")).status).toBe(400);
    expect((await archive(pointId, "?path=big.bin")).status).toBe(404);
  });
});

describe("GET /api/metrics", () => {
  async function scrape(headers: Headers) {
    const { GET } = (await import("./metrics/route")) as unknown as { GET: Handler };
    return GET(new Request("http://localhost:3000/api/metrics", { headers }), {
      params: Promise.resolve({}),
    });
  }

  it("answers a viewer's session or the scraper's bearer token, and no one else", async () => {
    const bySession = await scrape(viewer);
    expect(bySession.status).toBe(200);
    expect(bySession.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const body = await bySession.text();
    expect(body).toMatch(/^lifeboat_newest_restore_point_timestamp_seconds\{asset="site"\} \d+/m);
    expect(body).toMatch(/^lifeboat_last_successful_backup_timestamp_seconds\{asset="site"\} \d+/m);
    const byToken = await scrape(new Headers({ authorization: `Bearer ${TOKEN}` }));
    expect(byToken.status).toBe(200);
    expect(await byToken.text()).toContain("lifeboat_repository_size_bytes");
    expect((await scrape(new Headers({ authorization: `Bearer ${TOKEN}x` }))).status).toBe(401);
    expect((await scrape(new Headers())).status).toBe(401);
  });
});
