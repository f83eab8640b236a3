// The acceptance test of retention: on a synthetic two-year history with irregular times,
// `lifeboat forget --dry-run --json` must print what `restic forget --dry-run --json` prints —
// the same kept and removed snapshots per group, the same reasons and counters — for many rule
// combinations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalBackend } from "@/lib/engine/backend/local";
import { syntheticHistory } from "@/lib/engine/forget/synthetic-history";
import { Repository } from "@/lib/engine/repository";
import { saveSnapshot } from "@/lib/engine/snapshot";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, resticOk, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { type Group, groupKey, lifeboatForget, sortGroups } from "./forget-test-support";

const skip = skipWithoutRestic();

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
