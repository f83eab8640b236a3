// `lifeboat snapshots`: the repository's snapshots, oldest first, as restic lists them.
import { parseArgs } from "node:util";
import type { Command } from "../types";
import { openRepository, printUsage, REPO_OPTIONS, runCommand, snapshotJson } from "./repo-flags";

const USAGE = `Usage: lifeboat snapshots --repo R [--host H] [--tag T]... [--json]

Lists snapshots oldest first; --json prints restic's array (id, short_id, time, tree, paths,
hostname, username, tags).`;

async function run(argv: string[]): Promise<number> {
  return runCommand("snapshots", async () => {
    const { values } = parseArgs({
      args: argv,
      options: { ...REPO_OPTIONS, host: { type: "string" }, tag: { type: "string", multiple: true } },
    });
    if (values.help) return printUsage(USAGE);
    const { listSnapshots } = await import("@/lib/engine");
    const repo = await openRepository(values);
    const all = (await listSnapshots(repo)).filter(
      (s) =>
        (!values.host || s.hostname === values.host) &&
        (!values.tag?.length || values.tag.every((t) => s.tags?.includes(t))),
    );
    if (values.json) {
      process.stdout.write(`${JSON.stringify(all.map(snapshotJson))}\n`);
      return 0;
    }
    const rows = all.map((s) => [
      s.id.slice(0, 8),
      s.time.slice(0, 19).replace("T", " "),
      s.hostname ?? "",
      (s.tags ?? []).join(","),
      s.paths.join(", "),
    ]);
    const header = ["ID", "Time", "Host", "Tags", "Paths"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join("  ")
        .trimEnd();
    process.stdout.write(`${line(header)}\n${"-".repeat(widths.reduce((a, b) => a + b + 2, 0))}\n`);
    for (const r of rows) process.stdout.write(`${line(r)}\n`);
    process.stdout.write(`${"-".repeat(widths.reduce((a, b) => a + b + 2, 0))}\n${all.length} snapshots\n`);
    return 0;
  });
}

const snapshots: Command = { name: "snapshots", summary: "list the snapshots in --repo", run };
export default snapshots;
