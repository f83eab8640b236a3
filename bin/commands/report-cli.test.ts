// `lifeboat report` as a user runs it, on the embedded database holding the seeded week: Markdown
// by default, CSV with --format csv, a one-line error for a bad flag.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { runCli } from "@/test-support/cli";
import { seedReportWeek } from "@/test-support/report-week";
import { removeDir, tempDir } from "@/test-support/restic";

describe("report command", () => {
  let work: string;
  const lifeboat = (args: string[]) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LIFEBOAT_DATA_DIR: path.join(work, "data"),
      LIFEBOAT_SECRET: "lifeboat report cli test secret, long enough",
    };
    delete env.DATABASE_URL;
    delete env.LIFEBOAT_URL;
    return runCli(args, env);
  };

  beforeAll(async () => {
    work = await tempDir("lifeboat-report-cli-");
    const handle = await openDb({ dataDir: path.join(work, "data") });
    await seedReportWeek(handle.db);
    await handle.close();
  });
  afterAll(async () => {
    if (work) await removeDir(work);
  });

  it("prints the week's report as Markdown, then as CSV", { timeout: 120_000 }, async () => {
    const md = await lifeboat(["report", "--period", "week", "--at", "2026-11-25"]);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Protection report: week of 23 Nov 2026\n/);
    expect(md.stdout).toContain("- 12 backups succeeded, 1 failed and 2 were missed.");
    expect(md.stdout).toMatch(/\| Drills passed \| 1 of 2 \| measured \|/);
    if (process.env.LIFEBOAT_REPORT_SAMPLE) {
      const { writeFile } = await import("node:fs/promises");
      await writeFile(process.env.LIFEBOAT_REPORT_SAMPLE, md.stdout);
    }
    const csv = await lifeboat(["report", "--period", "week", "--at", "2026-11-25", "--format", "csv"]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^period_start,period_end,asset,covered,rpo_hours,/);
    expect(lines.slice(1).map((l) => l.split(",")[2])).toEqual(["orders", "orphan", "web-1"]);
    const bad = await lifeboat(["report", "--period", "year"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--period must be day, week or month/);
  });
});
