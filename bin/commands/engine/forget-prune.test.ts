// forget --prune: the snapshots go, then the data only they needed; restic verifies the result.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, resticOk, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { lifeboatForget } from "./forget-test-support";

const skip = skipWithoutRestic();

describe.skipIf(skip)("lifeboat forget --prune", () => {
  let work: string;
  let repoDir: string;
  const env = { ...process.env, TZ: "UTC" };

  beforeAll(async () => {
    work = await tempDir("lifeboat-forget-prune-");
    repoDir = `${work}/repo`;
    await fs.mkdir(`${work}/src`);
    await resticOk(repoDir, ["init"], { env });
    for (let day = 1; day <= 3; day++) {
      await fs.writeFile(`${work}/src/day.bin`, randomBytes(300_000 * day));
      await resticOk(repoDir, ["backup", "--time", `2026-05-0${day} 12:00:00`, "src"], { env, cwd: work });
    }
    process.env.LIFEBOAT_PASSWORD = TEST_PASSWORD;
  }, 60_000);
  afterAll(async () => {
    delete process.env.LIFEBOAT_PASSWORD;
    await removeDir(work);
  });

  it("a dry run changes nothing", async () => {
    const before = await fs.readdir(`${repoDir}/snapshots`);
    const ours = await lifeboatForget(repoDir, ["--keep-last", "1", "--prune", "--dry-run"]);
    expect(ours.code).toBe(0);
    expect(ours.stdout).toMatch(/2 snapshots have been removed, running prune/);
    expect(await fs.readdir(`${repoDir}/snapshots`)).toEqual(before);
  });

  it("removes the snapshots and their data; restic checks every byte and restores the kept one", async () => {
    const ours = await lifeboatForget(repoDir, ["--keep-last", "1", "--prune"]);
    expect(ours.stderr).toBe("");
    expect(ours.code).toBe(0);
    const left = JSON.parse(await resticOk(repoDir, ["snapshots", "--json"], { env })) as { time: string }[];
    expect(left.map((s) => s.time)).toEqual(["2026-05-03T12:00:00Z"]);
    expect(await resticOk(repoDir, ["check", "--read-data"], { env })).toContain("no errors were found");
    const stats = JSON.parse(await resticOk(repoDir, ["stats", "--mode", "raw-data", "--json"], { env })) as {
      total_size: number;
    };
    expect(stats.total_size).toBeLessThan(1_000_000); // the 300 kB and 600 kB versions are gone
    await resticOk(repoDir, ["restore", "latest", "--target", `${work}/out`], { env });
    expect((await fs.stat(`${work}/out/src/day.bin`)).size).toBe(900_000);
  }, 60_000);
});
