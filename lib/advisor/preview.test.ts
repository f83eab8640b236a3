// The preview and the real forget keep exactly the same restore points: a real repository holds
// a synthetic two-year history of hourly snapshots of one asset (jittered, with missed hours, in
// several UTC offsets) beside another asset's; forgetSnapshots runs as the forget job runs it
// (asset tag selection, one group, the policy's rules through retentionRules) in a dry run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Retention } from "@/db/schema";
import { forgetSnapshots, LocalBackend, Repository } from "@/lib/engine";
import { timeWithOffset } from "@/lib/engine/forget/synthetic-history";
import { saveSnapshot } from "@/lib/engine/snapshot";
import { ASSET_GROUP_BY, assetSelection, retentionRules } from "@/lib/jobs/kinds/retention";
import { removeDir, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { keptPoints, type PreviewPoint, previewRetention } from "./index";

const ASSET = "3f1c2d9e-0000-4000-8000-000000000023";
const OTHER = "3f1c2d9e-0000-4000-8000-000000000099";
const END = Date.UTC(2026, 11, 6, 5, 0);
const HOUR = 3_600_000;
const OFFSETS = [0, 0, 0, 60, 120, -300, 330, 840];

let work: string;
let repo: Repository;
const points: PreviewPoint[] = [];

function rand(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

beforeAll(async () => {
  work = await tempDir("lifeboat-preview-");
  repo = await Repository.init(new LocalBackend(`${work}/repo`), TEST_PASSWORD, { kdf: TEST_KDF });
  const r = rand(23);
  const tree = "a".repeat(64);
  const pending: { time: string; hostname: string; other: boolean }[] = [];
  for (let t = END - 2 * 365 * 24 * HOUR; t <= END; t += HOUR) {
    if (r() < 0.03) continue; // a missed run now and then
    const ms = t + Math.floor(r() * 20 * 60_000); // runs start a few minutes late
    const time = timeWithOffset(ms - (ms % 1000), OFFSETS[Math.floor(r() * OFFSETS.length)]!);
    pending.push({ time, hostname: r() < 0.5 ? "a" : "b", other: r() < 0.02 });
  }
  // Written 200 at a time: one by one, 17,000 snapshot files take minutes on a busy machine.
  for (let i = 0; i < pending.length; i += 200) {
    const batch = pending.slice(i, i + 200);
    const ids = await Promise.all(
      batch.map(async (p) => {
        if (p.other)
          await saveSnapshot(repo, {
            time: p.time,
            tree,
            paths: ["/other"],
            hostname: "a",
            tags: [`asset:${OTHER}`],
          });
        return saveSnapshot(repo, {
          time: p.time,
          tree,
          paths: ["/srv"],
          hostname: p.hostname,
          tags: [`asset:${ASSET}`],
        });
      }),
    );
    for (const [j, p] of batch.entries())
      points.push({ id: ids[j]!, time: new Date(p.time), timeText: p.time });
  }
}, 600_000);

afterAll(async () => {
  if (work) await removeDir(work);
});

const RULE_SETS: Retention[] = [
  { keepLast: 24, daily: 7, weekly: 4, monthly: 12, yearly: 2 },
  { daily: 31 },
  { hourly: 48, weekly: 10 },
  { withinDays: 90 },
  { keepLast: 3, monthly: 6, yearly: 1 },
  { daily: 7, weekly: 6 },
];

describe("retention preview against the real forget", () => {
  it("holds a two-year hourly history", () => {
    expect(points.length).toBeGreaterThan(16_500);
  });

  for (const retention of RULE_SETS) {
    it(`keeps the same points for ${JSON.stringify(retention)}`, async () => {
      const now = new Date(END + HOUR);
      const rules = retentionRules(retention);
      const real = await forgetSnapshots(repo, rules, {
        dryRun: true,
        selection: assetSelection(ASSET),
        groupBy: ASSET_GROUP_BY,
        now,
      });
      const realKept = real.groups.flatMap((g) => g.keep.map((s) => s.id)).sort();
      const previewKept = keptPoints(points, rules, now)
        .map((p) => p.id)
        .sort();
      expect(realKept.length).toBeGreaterThan(0);
      expect(previewKept).toEqual(realKept);
      // Everything the real forget removes is the asset's and outside the preview's kept set.
      expect(real.removed.length + realKept.length).toBe(points.length);
    });
  }

  it("simulating forward (forget after every run) ends where the real forget on all points ends", async () => {
    // The first year exists; the preview runs the second year's hourly schedule forward. The
    // real forget then judges the whole two years at once: both must keep the same instants.
    const rules = retentionRules({ keepLast: 24, daily: 7, weekly: 4, monthly: 12, yearly: 2 });
    const start = new Date(END - 365 * 24 * HOUR);
    const existing = points.filter((p) => p.time < start).map((p) => ({ ...p, timeText: undefined }));
    const preview = previewRetention({
      existing,
      rules,
      cron: "0 * * * *",
      months: 6,
      now: start,
      facts: { storedBytes: 10e9, changePerHour: 0.1e9 },
    });
    expect(preview.months).toHaveLength(7);
    expect(preview.runs).toBe(6 * 30 * 24);
    const allTimes: PreviewPoint[] = [
      ...existing,
      ...Array.from({ length: preview.runs }, (_, i) => ({
        id: `all-${i}`,
        time: new Date(start.getTime() + (i + 1) * HOUR),
      })),
    ];
    const last = preview.months.at(-1)!;
    const once = keptPoints(allTimes, rules, last.newest!);
    expect(preview.kept.map((p) => p.time.getTime()).sort()).toEqual(
      once.map((p) => p.time.getTime()).sort(),
    );
    // Storage grows while the monthly and yearly tiers fill, then levels off.
    expect(last.kept).toBe(once.length);
    expect(preview.months[6]!.storedBytes).toBeGreaterThan(preview.months[1]!.storedBytes * 0.9);
  });
});
