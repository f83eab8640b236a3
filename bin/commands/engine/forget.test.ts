// The acceptance test of retention: on a synthetic two-year history with irregular times,
// `lifeboat forget --dry-run --json` must print what `restic forget --dry-run --json` prints —
// the same kept and removed snapshots per group, the same reasons and counters — for many rule
// combinations.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LocalBackend } from "@/lib/engine/backend/local";
import { syntheticHistory, timeWithOffset } from "@/lib/engine/forget/synthetic-history";
import { Repository } from "@/lib/engine/repository";
import { saveSnapshot } from "@/lib/engine/snapshot";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, resticOk, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { run } from "./forget";

const skip = skipWithoutRestic();

interface Group {
  host: string;
  paths: string[] | null;
  tags: string[] | null;
  keep: { id: string }[] | null;
  remove: { id: string }[] | null;
  reasons: unknown[] | null;
}

const groupKey = (g: Group) => JSON.stringify([g.host, g.paths, g.tags]);
const sortGroups = (groups: Group[]) => [...groups].sort((a, b) => (groupKey(a) < groupKey(b) ? -1 : 1));

async function lifeboatForget(
  repoDir: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await run(["--repo", repoDir, ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const CASES: { name: string; args: string[] }[] = [
  { name: "only keep-last 1", args: ["--keep-last", "1"] },
  { name: "keep-last 5", args: ["--keep-last", "5"] },
  {
    name: "daily 7 weekly 4 monthly 12 yearly 3",
    args: ["--keep-daily", "7", "--keep-weekly", "4", "--keep-monthly", "12", "--keep-yearly", "3"],
  },
  { name: "within 30d", args: ["--keep-within", "30d"] },
  { name: "within 1y2m", args: ["--keep-within", "1y2m"] },
  { name: "within 2y5m7d3h", args: ["--keep-within", "2y5m7d3h"] },
  { name: "within 1m (calendar month back from the newest)", args: ["--keep-within", "1m"] },
  { name: "within 48h", args: ["--keep-within", "48h"] },
  { name: "keep-tag manual", args: ["--keep-tag", "manual"] },
  {
    name: "keep-tag list daily,important plus keep-last 2",
    args: ["--keep-tag", "daily,important", "--keep-last", "2"],
  },
  { name: "keep-tag '' keeps untagged", args: ["--keep-tag", ""] },
  { name: "two keep-tag lists", args: ["--keep-tag", "weekly", "--keep-tag", "manual"] },
  { name: "hourly 24", args: ["--keep-hourly", "24"] },
  { name: "weekly 60 (ISO weeks across year ends)", args: ["--keep-weekly", "60"] },
  { name: "monthly 30", args: ["--keep-monthly", "30"] },
  { name: "yearly 10", args: ["--keep-yearly", "10"] },
  { name: "daily 1000 keeps all", args: ["--keep-daily", "1000"] },
  { name: "last 3 and within 3m", args: ["--keep-last", "3", "--keep-within", "3m"] },
  {
    name: "within-daily/weekly/monthly/yearly",
    args: [
      "--keep-within-daily",
      "7d",
      "--keep-within-weekly",
      "2m",
      "--keep-within-monthly",
      "1y",
      "--keep-within-yearly",
      "2y",
    ],
  },
  { name: "within-hourly 2d", args: ["--keep-within-hourly", "2d"] },
  {
    name: "everything at once",
    args: [
      "--keep-last",
      "2",
      "--keep-hourly",
      "5",
      "--keep-daily",
      "5",
      "--keep-weekly",
      "5",
      "--keep-monthly",
      "5",
      "--keep-yearly",
      "5",
      "--keep-within",
      "10d",
      "--keep-tag",
      "manual",
    ],
  },
  { name: "no grouping", args: ["--keep-last", "2", "--keep-monthly", "3", "--group-by", ""] },
  { name: "group by host and tags", args: ["--keep-weekly", "5", "--group-by", "host,tags"] },
  { name: "group by tags only", args: ["--keep-last", "3", "--group-by", "tags"] },
  { name: "keep-tag list given out of order", args: ["--keep-tag", "weekly,archive", "--keep-monthly", "2"] },
  { name: "group by paths", args: ["--keep-monthly", "6", "--group-by", "paths"] },
  { name: "only host alpha", args: ["--host", "alpha", "--keep-last", "2"] },
  { name: "only tag daily", args: ["--tag", "daily", "--keep-daily", "5"] },
  { name: "only path /home", args: ["--path", "/home", "--keep-weekly", "3"] },
  { name: "negative duration", args: ["--keep-within=-1d", "--keep-last", "1"] },
];

describe.skipIf(skip)("lifeboat forget --dry-run agrees with restic 0.14", () => {
  let work: string;
  let repoDir: string;
  const env = { ...process.env, TZ: "UTC" };

  beforeAll(async () => {
    work = await tempDir("lifeboat-forget-");
    repoDir = `${work}/repo`;
    const repo = await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, { kdf: TEST_KDF });
    const { id: tree } = await repo.saveBlob("tree", Buffer.from('{"nodes":[]}\n'));
    await repo.flush();
    const history = syntheticHistory({ count: 220, endMs: Date.UTC(2026, 9, 20, 12), tree });
    // One snapshot from the future: restic measures keep-within from the newest one in the past.
    history.push({ ...history[0], time: "2031-05-05T05:05:05+02:00", tags: undefined });
    for (const s of history) await saveSnapshot(repo, s);
    process.env.LIFEBOAT_PASSWORD = TEST_PASSWORD;
  }, 60_000);
  afterAll(async () => {
    delete process.env.LIFEBOAT_PASSWORD;
    await removeDir(work);
  });

  it.each(CASES)(
    "$name",
    async ({ args }) => {
      const theirs = await resticOk(repoDir, ["forget", "--dry-run", "--json", ...args], { env });
      const ours = await lifeboatForget(repoDir, ["--dry-run", "--json", ...args]);
      expect(ours.stderr).toBe("");
      expect(ours.code).toBe(0);
      const expected = sortGroups(JSON.parse(theirs) as Group[]);
      const actual = sortGroups(JSON.parse(ours.stdout) as Group[]);
      // The headline: the same snapshots kept in every group…
      const kept = (gs: Group[]) => gs.map((g) => [groupKey(g), (g.keep ?? []).map((s) => s.id)]);
      expect(kept(actual)).toEqual(kept(expected));
      // …and the whole document, reasons and counters included.
      expect(actual).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    },
    30_000,
  );

  it.each(CASES)(
    "text output: $name",
    async ({ args }) => {
      const theirs = await resticOk(repoDir, ["forget", "--dry-run", ...args], { env });
      const ours = await lifeboatForget(repoDir, ["--dry-run", ...args]);
      const policyLine = (text: string) => text.split("\n").find((l) => l.startsWith("Applying Policy:"));
      // Groups come in Go's random map order, so compare the per-group counts as a multiset.
      const counts = (text: string) =>
        text
          .split("\n")
          .filter((l) => /^(keep|remove) \d+ snapshots:$/.test(l))
          .sort();
      expect(policyLine(ours.stdout)).toBe(policyLine(theirs));
      expect(counts(ours.stdout)).toEqual(counts(theirs));
    },
    30_000,
  );

  it("prints nothing for an empty policy, like restic", async () => {
    expect((await resticOk(repoDir, ["forget", "--dry-run", "--json"], { env })).trim()).toBe("");
    const ours = await lifeboatForget(repoDir, ["--dry-run", "--json"]);
    expect(ours).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("names snapshots outright like restic: nothing in --json, one line each in text", async () => {
    const [first] = JSON.parse(await resticOk(repoDir, ["snapshots", "--json"], { env })) as { id: string }[];
    expect(
      (await resticOk(repoDir, ["forget", "--dry-run", "--json", first.id.slice(0, 10)], { env })).trim(),
    ).toBe("");
    expect(await lifeboatForget(repoDir, ["--dry-run", "--json", first.id.slice(0, 10)])).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
    const text = await lifeboatForget(repoDir, ["--dry-run", first.id.slice(0, 10), "0000000000"]);
    expect(text.stdout).toBe(`would remove snapshot ${first.id.slice(0, 8)}\n`);
    expect(text.stderr).toMatch(/Ignoring "0000000000"/);
  });

  it("refuses negative counts instead of removing everything as restic 0.14 does", async () => {
    const ours = await lifeboatForget(repoDir, ["--dry-run", "--keep-last=-1"]);
    expect(ours.code).toBe(1);
    expect(ours.stderr).toMatch(/negative counts are not accepted/);
  });
});

describe.skipIf(skip)("lifeboat forget agrees with restic across DST changes of the host's zone", () => {
  let work: string;
  let repoDir: string;
  const savedTz = process.env.TZ;
  const env = { ...process.env, TZ: "Europe/Berlin" };

  const berlin = (ms: number) => timeWithOffset(ms, -new Date(ms).getTimezoneOffset());

  /**
   * Snapshots every five hours up to `newest`, plus every ten minutes for two hours either side
   * of each keep-within cut-off tested below — where host-zone and fixed-offset arithmetic part.
   */
  function berlinSeries(newestUtc: string, hostname: string): { time: string; hostname: string }[] {
    const newest = Date.parse(newestUtc);
    const monthBack = new Date(newest);
    monthBack.setUTCMonth(monthBack.getUTCMonth() - 1);
    const cutoffs = [1, 2, 4]
      .map((d) => newest - d * 86_400_000)
      .concat(newest - (3 * 24 + 5) * 3_600_000, monthBack.getTime());
    const times = Array.from({ length: 30 }, (_, i) => newest - i * 5 * 3_600_000 - (i % 3) * 1_234_000);
    for (const c of cutoffs) for (let m = -120; m <= 120; m += 10) times.push(c + m * 60_000 + 7_000);
    return [...new Set(times)].map((ms) => ({ time: berlin(ms), hostname }));
  }

  beforeAll(async () => {
    process.env.TZ = "Europe/Berlin";
    work = await tempDir("lifeboat-forget-dst-");
    repoDir = `${work}/repo`;
    const repo = await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, { kdf: TEST_KDF });
    const { id: tree } = await repo.saveBlob("tree", Buffer.from('{"nodes":[]}\n'));
    await repo.flush();
    const series = [
      ...berlinSeries("2026-03-30T10:00:00Z", "spring"), // newest just after clocks went forward
      ...berlinSeries("2025-10-27T00:30:00Z", "autumn"), // newest just after clocks went back
      ...berlinSeries("2026-03-29T00:59:00Z", "edge"), // newest a minute before the change
    ];
    for (const s of series) await saveSnapshot(repo, { ...s, tree, paths: ["/data"] });
    process.env.LIFEBOAT_PASSWORD = TEST_PASSWORD;
  }, 60_000);
  afterAll(async () => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
    delete process.env.LIFEBOAT_PASSWORD;
    await removeDir(work);
  });

  it.each([
    ["--keep-within", "2d"],
    ["--keep-within", "1d"],
    ["--keep-within", "3d5h"],
    ["--keep-within", "1m"],
    ["--keep-within-daily", "4d"],
    ["--keep-hourly", "30"],
  ])(
    "%s %s",
    async (flag, value) => {
      process.env.TZ = "Europe/Berlin";
      const args = [flag, value];
      const expected = sortGroups(
        JSON.parse(await resticOk(repoDir, ["forget", "--dry-run", "--json", ...args], { env })) as Group[],
      );
      const ours = await lifeboatForget(repoDir, ["--dry-run", "--json", ...args]);
      expect(ours.stderr).toBe("");
      expect(sortGroups(JSON.parse(ours.stdout) as Group[])).toEqual(expected);
    },
    30_000,
  );
});

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
