// `lifeboat job list|show|wait|cancel`: the queue as operators see it. A job is named by its ID,
// whole or by its first 8 or more characters (what `job list` prints works as it is).
import { formatTable, humanBytes, shortTime } from "./config-output";
import { defineCommand, FlagError } from "./define";
import { waitAndReport } from "./job-wait";

const services = () => import("@/lib/services/jobs");
const string = { type: "string" } as const;

type JobRows = Awaited<ReturnType<Awaited<ReturnType<typeof services>>["listJobs"]>>;

const list = defineCommand({
  name: "job list",
  summary: "recent jobs, newest first",
  usage: "[--status S] [--kind K] [--asset A] [--limit N] [--json]",
  options: { status: string, kind: string, asset: string, limit: string },
  input: (values) => {
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
      throw new FlagError("--limit must be a whole number of 1 or more");
    return { status: values.status as never, kind: values.kind as never, asset: values.asset, limit };
  },
  run: async ({ input, session }) => (await services()).listJobs(session.ctx, input),
  print: (rows: JobRows) =>
    formatTable(
      ["ID", "KIND", "STATUS", "ASSET", "SOURCE", "CREATED", "PROGRESS", "ERROR"],
      rows.map((j) => [
        j.id,
        j.kind,
        j.status,
        j.asset ?? "-",
        j.source,
        shortTime(j.createdAt),
        humanBytes(j.bytesDone),
        j.error ?? "",
      ]),
    ),
});

const one = { min: 1, max: 1, error: "a job ID is required" };

const show = defineCommand({
  name: "job show",
  summary: "one job with its log",
  usage: "ID [--json]",
  positionals: one,
  run: async ({ positionals: [id], session }) => (await services()).getJob(session.ctx, id as string),
  print: (job) =>
    `${job.kind} ${job.id} ${job.status} (attempt ${job.attempts}/${job.maxAttempts})\n${job.error ? `error: ${job.error}\n` : ""}${job.log}`,
});

const wait = defineCommand({
  name: "job wait",
  summary: "wait for a job to end (exit 1 unless it succeeded)",
  usage: "ID [--json]",
  positionals: one,
  run: async ({ positionals: [id], values, session }) => {
    // The whole ID from a prefix, so the progress lines and the result name the job in full.
    const job = await (await services()).getJob(session.ctx, id as string);
    return waitAndReport(session, job.id, Boolean(values.json));
  },
});

const cancel = defineCommand({
  name: "job cancel",
  summary: "cancel a queued or running job",
  usage: "ID [--json]",
  positionals: one,
  run: async ({ positionals: [id], session }) => (await services()).cancelJob(session.ctx, id as string),
  print: (job) => `job ${job.id}: ${job.status === "cancelled" ? "cancelled" : "cancel requested"}`,
});

export const jobCommands = [list, show, wait, cancel];
