// `npm run bench:assistant`: how soon the assistant starts answering. One signed-in administrator
// sends --requests=200 chat messages through POST /api/chat, one after another (a person types one
// at a time), each a new chat; the clock runs from sending the request to the first text or tool
// chunk of the streamed answer. The server answers with the offline planner: it runs without
// OPENAI_API_KEY, and every answer's metadata must name "offline planner".
//
// The messages are a mix of what people ask (English and Chinese: status, lists, restores with
// times, policy drafts with schedules and retention, a question back) against a small inventory
// seeded before the server starts. Prints p50/p95/p99/max to the first chunk and to the answer's
// end, and the load average; exits 1 when p95 ≥ 300 ms or an answer failed.
//
// A fresh database on the local PostgreSQL server (or --database-url=… of a database it may drop),
// the production build (`npm run build` first, or it builds), `next start` on --port (default
// 3398). Flags: --requests=200 --warmup=10.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ServiceContext } from "@/lib/services/context";
import { flag, freshDatabase, loadAverage, percentile, signInUsers, startServer, stopServer } from "./server";

const REQUESTS = Number(flag("requests", "200"));
const WARMUP = Number(flag("warmup", "10"));
const PORT = Number(flag("port", "3398"));
const NAME = `lifeboat_assistant_${randomBytes(4).toString("hex")}`;
const DATABASE_URL = flag("database-url", `postgres://postgres@127.0.0.1:5432/${NAME}`);
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = "assistant-bench-password";

/** What is asked, round-robin: each kind of answer the planner gives, in both languages. */
const MESSAGES: { text: string; timeZone: string }[] = [
  { text: "How are my backups doing?", timeZone: "Europe/Berlin" },
  { text: "我们的备份状态怎么样？", timeZone: "Asia/Shanghai" },
  { text: "List my policies", timeZone: "UTC" },
  { text: "列出所有资产", timeZone: "Asia/Shanghai" },
  { text: "Show me the restore points for www", timeZone: "America/New_York" },
  { text: "Restore www to how it was yesterday at 3pm", timeZone: "Europe/Berlin" },
  { text: "把 wiki 恢复到昨天下午3点的状态", timeZone: "Asia/Shanghai" },
  { text: "Recover /srv/www/index.html as it was before 9am today into /tmp/restore", timeZone: "UTC" },
  { text: "Back up wiki every night at 2am and keep 7 daily and 4 weekly", timeZone: "UTC" },
  { text: "每6小时备份一次 orders 数据库，保留3天", timeZone: "Asia/Shanghai" },
  { text: "back up home on weekdays at 19:00, keep backups for 30 days", timeZone: "America/Chicago" },
  { text: "Pause the nightly-www policy", timeZone: "UTC" },
  { text: "Restore w to last night", timeZone: "Europe/London" },
  { text: "帮我恢复一下昨天的备份", timeZone: "Asia/Shanghai" },
  { text: "Why did last night's backup fail?", timeZone: "UTC" },
  { text: "Run a backup of www now", timeZone: "UTC" },
];

/** The chunk types that are the answer itself (not stream bookkeeping such as start or start-step). */
const ANSWER_CHUNKS = new Set(["text-delta", "tool-input-start", "tool-input-available", "reasoning-delta"]);

interface Timing {
  firstMs: number;
  endMs: number;
  model: string | undefined;
  error: string | null;
  /** A tool that refused (e.g. nothing failed to diagnose): an answer all the same. */
  toolErrors: string[];
}

async function ask(cookie: string, text: string, timeZone: string): Promise<Timing> {
  const started = performance.now();
  const response = await fetch(`${BASE}/api/chat`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: BASE },
    body: JSON.stringify({ message: { role: "user", parts: [{ type: "text", text }] }, timeZone }),
  });
  if (!response.ok || !response.body) {
    return {
      firstMs: NaN,
      endMs: NaN,
      model: undefined,
      error: `${response.status} ${await response.text()}`,
      toolErrors: [],
    };
  }
  let firstMs = NaN;
  let model: string | undefined;
  let error: string | null = null;
  let buffered = "";
  const toolErrors: string[] = [];
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    buffered += decoder.decode(read.value, { stream: true });
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("data: {")) continue;
      const chunk = JSON.parse(line.slice(6)) as {
        type: string;
        errorText?: string;
        messageMetadata?: { model?: string };
      };
      if (Number.isNaN(firstMs) && ANSWER_CHUNKS.has(chunk.type)) firstMs = performance.now() - started;
      if (chunk.type === "start") model = chunk.messageMetadata?.model;
      if (chunk.type === "error") error = chunk.errorText ?? "error";
      if (chunk.type === "tool-output-error") toolErrors.push(chunk.errorText ?? "tool error");
    }
  }
  if (Number.isNaN(firstMs) && !error) error = "the answer had no text or tool chunk";
  return { firstMs, endMs: performance.now() - started, model, error, toolErrors };
}

/** A few folders, a database and a policy: enough for names to resolve and two to be confused. */
async function seed(ctx: ServiceContext, work: string) {
  const { addAsset } = await import("@/lib/services/assets");
  const { createPolicy } = await import("@/lib/services/policies");
  for (const name of ["www", "wiki", "home"]) {
    const dir = path.join(work, "srv", name);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, "index.html"), `<h1>${name}</h1>`);
    await addAsset(ctx, { kind: "directory", name, path: dir });
  }
  await addAsset(ctx, { kind: "postgres", name: "orders", databaseUrl: DATABASE_URL });
  await createPolicy(ctx, {
    name: "nightly-www",
    assets: ["www"],
    schedule: "0 2 * * *",
    retention: { daily: 7, weekly: 4 },
  });
}

async function main() {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-assistant-bench-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL,
    LIFEBOAT_SECRET: "lifeboat assistant bench secret, long enough to be a key",
    LIFEBOAT_DATA_DIR: path.join(work, "data"),
    LIFEBOAT_URL: BASE,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // The offline planner answers: no hosted model, whatever this shell has configured.
  for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "LIFEBOAT_MODEL"]) delete env[name];
  const dropDatabase = await freshDatabase(DATABASE_URL);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const [cookie] = await signInUsers(env, [{ email: "ada@example.com", role: "admin" }], PASSWORD, (ctx) =>
      seed(ctx, work),
    );
    server = await startServer(PORT, env);
    // The first requests load the route's code and warm the caches; they are not counted.
    for (let i = 0; i < WARMUP; i++) {
      const m = MESSAGES[i % MESSAGES.length] as (typeof MESSAGES)[number];
      await ask(cookie as string, m.text, m.timeZone);
    }
    const timings: Timing[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const m = MESSAGES[i % MESSAGES.length] as (typeof MESSAGES)[number];
      timings.push(await ask(cookie as string, m.text, m.timeZone));
    }
    const errors = timings.filter((t) => t.error).map((t) => t.error as string);
    const models = new Set(timings.map((t) => t.model));
    const first = timings
      .map((t) => t.firstMs)
      .filter((ms) => !Number.isNaN(ms))
      .sort((a, b) => a - b);
    const end = timings
      .map((t) => t.endMs)
      .filter((ms) => !Number.isNaN(ms))
      .sort((a, b) => a - b);
    const line = (values: number[]) =>
      `p50 ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms, ` +
      `p99 ${percentile(values, 99).toFixed(0)} ms, max ${percentile(values, 100).toFixed(0)} ms`;
    const p95 = percentile(first, 95);
    console.log(
      `${REQUESTS} chat requests (${MESSAGES.length} kinds, English and Chinese), answered by ${[...models].join(", ")}`,
    );
    console.log(`  first streamed token: ${line(first)}`);
    console.log(`  whole answer:         ${line(end)}`);
    const refusals = new Set(timings.flatMap((t) => t.toolErrors));
    console.log(`  errors ${errors.length}; load average while measuring: ${loadAverage()}`);
    for (const r of refusals) console.log(`  a tool answered with an error (not counted): ${r}`);
    for (const e of errors.slice(0, 5)) console.log(`  error: ${e}`);
    const offline = models.size === 1 && models.has("offline planner");
    if (!offline) console.log("  not all answers came from the offline planner");
    process.exitCode = p95 < 300 && errors.length === 0 && offline ? 0 : 1;
  } finally {
    await stopServer(server);
    await dropDatabase();
    await fs.rm(work, { recursive: true, force: true });
  }
}

await main();
