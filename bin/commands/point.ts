// `lifeboat point list|restore|verify|browse|search` and `lifeboat policy run`: thin callers of
// lib/services/jobs and lib/services/restore-points, as the local administrator (source "cli").
import { parseArgs } from "node:util";
import { withCliSession } from "../context";
import { humanBytes, printJson, printTable, printUsage, shortTime, usageError } from "./config-output";
import { finishQueued, waitAndReport } from "./job-wait";
import type { Command } from "./types";

const list: Command = {
  name: "point list",
  summary: "restore points, newest first",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        asset: { type: "string" },
        limit: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help)
      return printUsage("Usage: npm run lifeboat -- point list [--asset A] [--limit N] [--json]\n");
    const { listRestorePoints } = await import("@/lib/services/restore-points");
    const points = await withCliSession(({ ctx }) =>
      listRestorePoints(ctx, { asset: values.asset, limit: values.limit ? Number(values.limit) : undefined }),
    );
    if (values.json) printJson(points);
    else
      printTable(
        ["ID", "ASSET", "TIME", "SNAPSHOT", "SIZE", "FILES", "VERIFIED"],
        points.map((p) => [
          p.id,
          p.asset,
          shortTime(p.time),
          p.snapshotId.slice(0, 8),
          humanBytes(p.sizeBytes),
          String(p.fileCount),
          p.verifiedStatus,
        ]),
      );
    return 0;
  },
};

const restoreUsage =
  "Usage: npm run lifeboat -- point restore --asset A [--point ID | --at ISO] [--path P]... [--target T] [--overwrite] [--wait] [--json]\n" +
  "  Without --target a folder goes to <path>.restored-<time> and a database to <name>_restored_<time>.\n" +
  "  --overwrite restores over the original (or an existing target).\n";

const restore: Command = {
  name: "point restore",
  summary: "restore an asset (or chosen paths) to a new location, or over it with --overwrite",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        asset: { type: "string" },
        point: { type: "string" },
        at: { type: "string" },
        path: { type: "string", multiple: true },
        target: { type: "string" },
        overwrite: { type: "boolean" },
        wait: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) return printUsage(restoreUsage);
    if (!values.asset) return usageError("point restore", "--asset is required");
    if (values.point && values.at) return usageError("point restore", "give --point or --at, not both");
    const { startRestore } = await import("@/lib/services/jobs");
    const path = await import("node:path");
    return withCliSession(async (session) => {
      const job = await startRestore(session.ctx, {
        asset: values.asset as string,
        restorePoint: values.point,
        at: values.at,
        paths: values.path,
        // A folder target is relative to where the command was typed; a database name is not a path.
        target: values.target && /[/.]/.test(values.target) ? path.resolve(values.target) : values.target,
        overwrite: Boolean(values.overwrite),
      });
      process.stderr.write(`restore job ${job.id} queued: to ${String(job.params.target)}\n`);
      return finishQueued(session, job, values);
    });
  },
};

const verify: Command = {
  name: "point verify",
  summary: "run a verification drill of a restore point (the asset's newest by default)",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        asset: { type: "string" },
        point: { type: "string" },
        wait: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help)
      return printUsage("Usage: npm run lifeboat -- point verify --asset A [--point ID] [--wait] [--json]\n");
    if (!values.asset && !values.point) return usageError("point verify", "--asset or --point is required");
    const { startVerify } = await import("@/lib/services/jobs");
    return withCliSession(async (session) => {
      const job = await startVerify(session.ctx, { asset: values.asset, restorePoint: values.point });
      process.stderr.write(`verify job ${job.id} queued\n`);
      return finishQueued(session, job, values);
    });
  },
};

const browse: Command = {
  name: "point browse",
  summary: "list one folder of a restore point",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        point: { type: "string" },
        path: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help)
      return printUsage("Usage: npm run lifeboat -- point browse --point ID [--path P] [--json]\n");
    if (!values.point) return usageError("point browse", "--point is required");
    const { browseRestorePoint } = await import("@/lib/services/restore-points");
    const folder = await withCliSession(({ ctx }) =>
      browseRestorePoint(ctx, { restorePoint: values.point as string, path: values.path }),
    );
    if (values.json) printJson(folder);
    else
      printTable(
        ["TYPE", "SIZE", "MTIME", "PATH"],
        folder.entries.map((e) => [e.type, humanBytes(e.size), shortTime(e.mtime), e.path]),
      );
    return 0;
  },
};

const search: Command = {
  name: "point search",
  summary: "find files across restore points (every version of a file)",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        asset: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help || positionals.length !== 1) {
      printUsage("Usage: npm run lifeboat -- point search QUERY [--asset A] [--json]\n");
      return values.help ? 0 : 1;
    }
    const { searchCatalog } = await import("@/lib/services/restore-points");
    const hits = await withCliSession(({ ctx }) =>
      searchCatalog(ctx, { query: positionals[0] as string, asset: values.asset }),
    );
    if (values.json) printJson(hits);
    else
      printTable(
        ["TIME", "ASSET", "POINT", "SIZE", "PATH"],
        hits.map((h) => [shortTime(h.time), h.asset, h.restorePointId, humanBytes(h.size), h.path]),
      );
    return 0;
  },
};

const policyRun: Command = {
  name: "policy run",
  summary: "back up every asset of a policy now",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        wait: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help || positionals.length !== 1) {
      printUsage("Usage: npm run lifeboat -- policy run NAME [--wait] [--json]\n");
      return values.help ? 0 : 1;
    }
    const { runBackupNow } = await import("@/lib/services/jobs");
    return withCliSession(async (session) => {
      const jobs = await runBackupNow(session.ctx, { policy: positionals[0] as string });
      for (const job of jobs) process.stderr.write(`backup job ${job.id} queued\n`);
      if (!values.wait) {
        if (values.json) printJson(jobs);
        else process.stdout.write(`${jobs.map((j) => j.id).join("\n")}\n`);
        return 0;
      }
      let code = 0;
      for (const job of jobs)
        code = Math.max(code, await waitAndReport(session, job.id, Boolean(values.json)));
      return code;
    });
  },
};

export const pointCommands: Command[] = [list, restore, verify, browse, search, policyRun];
