// keep-within across DST changes: when the newest snapshot's offset is the host zone's, Go does
// its calendar arithmetic in that zone; restic and Lifeboat must agree on both sides of a change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalBackend } from "@/lib/engine/backend/local";
import { timeWithOffset } from "@/lib/engine/forget/synthetic-history";
import { Repository } from "@/lib/engine/repository";
import { saveSnapshot } from "@/lib/engine/snapshot";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, resticOk, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { type Group, lifeboatForget, sortGroups } from "./forget-test-support";

const skip = skipWithoutRestic();

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
