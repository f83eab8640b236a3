// `lifeboat point list|restore|verify|browse|search` and `lifeboat policy run`: thin callers of
// lib/services/jobs and lib/services/restore-points, as the local administrator (source "cli").
// Restore points are named by either ID `point list` prints (whole or 8+ leading characters).
import path from "node:path";
import { humanBytes, shortTime, formatTable as table } from "./config-output";
import { defineCommand, FlagError } from "./define";
import { finishQueued, waitAndReport } from "./job-wait";
import { TIME_USAGE, timeFlag } from "./time-flags";

const services = () => import("@/lib/services/jobs");
const points = () => import("@/lib/services/restore-points");

const string = { type: "string" } as const;
const flag = { type: "boolean" } as const;
const limit = (values: { limit?: string }) => {
  if (values.limit === undefined) return undefined;
  const n = Number(values.limit);
  if (!Number.isInteger(n) || n < 1) throw new FlagError("--limit must be a whole number of 1 or more");
  return n;
};

type PointRows = Awaited<ReturnType<Awaited<ReturnType<typeof points>>["listRestorePoints"]>>;

const list = defineCommand({
  name: "point list",
  summary: "restore points, newest first",
  usage: `[--asset A] [--before T] [--after T] [--tz ZONE] [--limit N] [--json]\n${TIME_USAGE}`,
  options: { asset: string, before: string, after: string, tz: string, limit: string },
  input: (values) => ({
    asset: values.asset,
    before: timeFlag(values, "before"),
    after: timeFlag(values, "after"),
    limit: limit(values),
  }),
  run: async ({ input, session }) => (await points()).listRestorePoints(session.ctx, input),
  print: (rows: PointRows) =>
    table(
      ["ID", "ASSET", "TIME", "SNAPSHOT", "SIZE", "FILES", "VERIFIED"],
      rows.map((p) => [
        p.id,
        p.asset,
        shortTime(p.time),
        p.snapshotId.slice(0, 8),
        humanBytes(p.sizeBytes),
        String(p.fileCount),
        p.verifiedStatus,
      ]),
    ),
});

const restore = defineCommand({
  name: "point restore",
  summary: "restore an asset (or chosen paths) to a new location, or over it with --overwrite",
  usage:
    "--asset A [--point ID | --at T] [--tz ZONE] [--path P]... [--target T] [--overwrite] [--wait] [--json]\n" +
    "  Without --target a folder goes to <path>.restored-<time> and a database to <name>_restored_<time>.\n" +
    "  --overwrite restores over the original (or an existing target). --at takes the newest point at or before it.\n" +
    TIME_USAGE,
  options: {
    asset: string,
    point: string,
    at: string,
    tz: string,
    path: { type: "string", multiple: true },
    target: string,
    overwrite: flag,
    wait: flag,
  },
  input: (values) => {
    if (!values.asset) throw new FlagError("--asset is required");
    if (values.point && values.at) throw new FlagError("give --point or --at, not both");
    return {
      asset: values.asset,
      restorePoint: values.point,
      at: timeFlag(values, "at"),
      paths: values.path,
      // A folder target is relative to where the command was typed; a database name is not a path.
      target: values.target && /[/.]/.test(values.target) ? path.resolve(values.target) : values.target,
      overwrite: Boolean(values.overwrite),
    };
  },
  run: async ({ input, values, session }) => {
    const job = await (await services()).startRestore(session.ctx, input);
    process.stderr.write(`restore job ${job.id} queued: to ${String(job.params.target)}\n`);
    return finishQueued(session, job, values);
  },
});

const verify = defineCommand({
  name: "point verify",
  summary: "run a verification drill of a restore point (the asset's newest by default)",
  usage: "--asset A [--point ID] [--wait] [--json]",
  options: { asset: string, point: string, wait: flag },
  input: (values) => {
    if (!values.asset && !values.point) throw new FlagError("--asset or --point is required");
    return { asset: values.asset, restorePoint: values.point };
  },
  run: async ({ input, values, session }) => {
    const job = await (await services()).startVerify(session.ctx, input);
    process.stderr.write(`verify job ${job.id} queued\n`);
    return finishQueued(session, job, values);
  },
});

type Folder = Awaited<ReturnType<Awaited<ReturnType<typeof points>>["browseRestorePoint"]>>;

const browse = defineCommand({
  name: "point browse",
  summary: "list one folder of a restore point",
  usage: "--point ID [--path P] [--json]",
  options: { point: string, path: string },
  input: (values) => {
    if (!values.point) throw new FlagError("--point is required");
    return { restorePoint: values.point, path: values.path };
  },
  run: async ({ input, session }) => (await points()).browseRestorePoint(session.ctx, input),
  print: (folder: Folder) =>
    table(
      ["TYPE", "SIZE", "MTIME", "PATH"],
      folder.entries.map((e) => [e.type, humanBytes(e.size), shortTime(e.mtime), e.path]),
    ),
});

type Hits = Awaited<ReturnType<Awaited<ReturnType<typeof points>>["searchCatalog"]>>;

const search = defineCommand({
  name: "point search",
  summary: "find files across restore points (every version of a file)",
  usage: `QUERY [--asset A] [--before T] [--after T] [--tz ZONE] [--json]\n${TIME_USAGE}`,
  options: { asset: string, before: string, after: string, tz: string },
  positionals: { min: 1, max: 1, error: "give one search text" },
  input: (values, [query]) => ({
    query: query as string,
    asset: values.asset,
    before: timeFlag(values, "before"),
    after: timeFlag(values, "after"),
  }),
  run: async ({ input, session }) => (await points()).searchCatalog(session.ctx, input),
  print: (hits: Hits) =>
    table(
      ["TIME", "ASSET", "POINT", "SIZE", "PATH"],
      hits.map((h) => [shortTime(h.time), h.asset, h.restorePointId, humanBytes(h.size), h.path]),
    ),
});

const policyRun = defineCommand({
  name: "policy run",
  summary: "back up every asset of a policy now",
  usage: "NAME [--wait] [--json]",
  options: { wait: flag },
  positionals: { min: 1, max: 1, error: "name one policy" },
  run: async ({ positionals: [policy], values, session }) => {
    const jobs = await (await services()).runBackupNow(session.ctx, { policy: policy as string });
    for (const job of jobs) process.stderr.write(`backup job ${job.id} queued\n`);
    if (!values.wait) return jobs;
    let code = 0;
    for (const job of jobs) code = Math.max(code, await waitAndReport(session, job.id, Boolean(values.json)));
    return code;
  },
  print: (jobs) => jobs.map((j) => j.id).join("\n"),
});

export const pointCommands = [list, restore, verify, browse, search, policyRun];
