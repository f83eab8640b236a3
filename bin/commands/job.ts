// `lifeboat job list|show|wait|cancel`: the queue as operators see it.
import { parseArgs } from "node:util";
import { withCliSession } from "../context";
import { humanBytes, printJson, printTable, printUsage, shortTime, usageError } from "./config-output";
import { waitAndReport } from "./job-wait";
import type { Command } from "./types";

const list: Command = {
  name: "job list",
  summary: "recent jobs, newest first",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        status: { type: "string" },
        kind: { type: "string" },
        asset: { type: "string" },
        limit: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help)
      return printUsage(
        "Usage: npm run lifeboat -- job list [--status S] [--kind K] [--asset A] [--limit N] [--json]\n",
      );
    const { listJobs } = await import("@/lib/services/jobs");
    const rows = await withCliSession(({ ctx }) =>
      listJobs(ctx, {
        status: values.status as never,
        kind: values.kind as never,
        asset: values.asset,
        limit: values.limit ? Number(values.limit) : undefined,
      }),
    );
    if (values.json) printJson(rows);
    else
      printTable(
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
      );
    return 0;
  },
};

function idCommand(name: string, summary: string, act: "show" | "wait" | "cancel"): Command {
  return {
    name,
    summary,
    async run(argv) {
      const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      });
      if (values.help) return printUsage(`Usage: npm run lifeboat -- ${name} ID [--json]\n`);
      const id = positionals[0];
      if (!id) return usageError(name, "a job ID is required");
      const service = await import("@/lib/services/jobs");
      return withCliSession(async (session) => {
        if (act === "wait") return waitAndReport(session, id, Boolean(values.json));
        const job =
          act === "show" ? await service.getJob(session.ctx, id) : await service.cancelJob(session.ctx, id);
        if (values.json) printJson(job);
        else if (act === "cancel")
          process.stdout.write(
            `job ${job.id}: ${job.status === "cancelled" ? "cancelled" : "cancel requested"}\n`,
          );
        else
          process.stdout.write(
            `${job.kind} ${job.id} ${job.status} (attempt ${job.attempts}/${job.maxAttempts})\n${job.error ? `error: ${job.error}\n` : ""}${job.log}`,
          );
        return 0;
      });
    },
  };
}

export const jobCommands: Command[] = [
  list,
  idCommand("job show", "one job with its log", "show"),
  idCommand("job wait", "wait for a job to end (exit 1 unless it succeeded)", "wait"),
  idCommand("job cancel", "cancel a queued or running job", "cancel"),
];
