import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, resticOk, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { LocalBackend } from "./backend/local";
import { isEngineError } from "./errors";
import { applyPolicy, forgetSnapshots, parseDuration } from "./forget";
import { acquireLock } from "./lock";
import { Repository } from "./repository";
import { listSnapshots, type Snapshot, saveSnapshot } from "./snapshot";

const TREE = "a".repeat(64);
let counter = 0;
function snap(time: string, over: Partial<Snapshot> = {}): Snapshot {
  counter++;
  return {
    id: counter.toString(16).padStart(64, "0"),
    time,
    tree: TREE,
    paths: ["/data"],
    hostname: "h",
    ...over,
  };
}

describe("applyPolicy", () => {
  const list = [
    snap("2026-01-01T10:00:00Z"),
    snap("2026-01-01T12:00:00Z"),
    snap("2026-01-02T09:00:00Z"),
    snap("2026-01-03T09:00:00Z", { tags: ["keep"] }),
  ];
  const now = new Date("2026-06-01T00:00:00Z");

  it("keeps newest first, with restic's reasons and the counters left after each snapshot", () => {
    const [g] = applyPolicy(list, { last: 1, daily: 2, tags: [["keep"]] }, now);
    expect(g.keep.map((s) => s.time)).toEqual(["2026-01-03T09:00:00Z", "2026-01-02T09:00:00Z"]);
    expect(g.remove.map((s) => s.time)).toEqual(["2026-01-01T12:00:00Z", "2026-01-01T10:00:00Z"]);
    expect(g.reasons.map((r) => [r.matches, r.counters])).toEqual([
      [["has tags [keep]", "last snapshot", "daily snapshot"], { daily: 1 }],
      [["daily snapshot"], {}],
    ]);
  });

  it("takes the newest snapshot of each day, and keep-within counts back from the newest snapshot", () => {
    const [g] = applyPolicy(list, { daily: 3, within: parseDuration("1d") }, now);
    expect(g.keep.map((s) => s.time)).toEqual([
      "2026-01-03T09:00:00Z",
      "2026-01-02T09:00:00Z",
      "2026-01-01T12:00:00Z",
    ]);
    expect(g.reasons[0].matches).toEqual(["within 1d", "daily snapshot"]);
    expect(g.reasons[1].matches).toEqual(["daily snapshot"]); // exactly 1d before: not after the cut-off
  });

  it("ignores snapshots from the future when finding the newest for keep-within", () => {
    const future = snap("2027-01-01T00:00:00Z");
    const [g] = applyPolicy([...list, future], { within: parseDuration("36h") }, now);
    expect(g.keep.map((s) => s.time)).toEqual([
      "2027-01-01T00:00:00Z",
      "2026-01-03T09:00:00Z",
      "2026-01-02T09:00:00Z",
    ]);
  });

  it("keeps everything with the reason 'policy is empty' when no rule is given", () => {
    const [g] = applyPolicy(list, {}, now);
    expect(g.remove).toEqual([]);
    expect(g.reasons.every((r) => r.matches.join() === "policy is empty")).toBe(true);
  });

  it("groups by host and sorted paths by default, and not at all with an empty group-by", () => {
    const mixed = [
      snap("2026-01-01T00:00:00Z", { paths: ["/b", "/a"] }),
      snap("2026-01-02T00:00:00Z", { paths: ["/a", "/b"] }),
      snap("2026-01-03T00:00:00Z", { hostname: "other" }),
    ];
    const groups = applyPolicy(mixed, { last: 1 }, now);
    expect(groups.map((g) => [g.key.hostname, g.key.paths, g.keep.length, g.remove.length])).toEqual([
      ["h", ["/a", "/b"], 1, 1],
      ["other", ["/data"], 1, 0],
    ]);
    const flat = applyPolicy(mixed, { last: 1 }, now, { host: false, paths: false, tags: false });
    expect(flat).toHaveLength(1);
    expect(flat[0].key).toEqual({ hostname: "", paths: null, tags: null });
    expect(flat[0].keep.map((s) => s.hostname)).toEqual(["other"]);
  });
});

describe.skipIf(skipWithoutRestic())("forgetSnapshots on a real repository", () => {
  let work: string;
  let repo: Repository;
  beforeAll(async () => {
    work = await tempDir("lifeboat-forget-real-");
    repo = await Repository.init(new LocalBackend(`${work}/repo`), TEST_PASSWORD, { kdf: TEST_KDF });
    const { id: tree } = await repo.saveBlob("tree", Buffer.from('{"nodes":[]}\n'));
    await repo.flush();
    for (let day = 1; day <= 8; day++) {
      await saveSnapshot(repo, {
        time: `2026-02-0${day}T08:00:00+01:00`,
        tree,
        paths: ["/data"],
        hostname: "h",
      });
    }
  });
  afterAll(() => removeDir(work));

  it("a dry run removes nothing", async () => {
    const result = await forgetSnapshots(repo, { last: 3 }, { dryRun: true });
    expect(result.removed).toHaveLength(5);
    expect(await listSnapshots(repo)).toHaveLength(8);
  });

  it("refuses to run while another process holds a lock", async () => {
    const other = await acquireLock(repo, { exclusive: false });
    try {
      await expect(forgetSnapshots(repo, { last: 3 })).rejects.toSatisfy((e) => isEngineError(e, "locked"));
    } finally {
      await other.release();
    }
    expect(await listSnapshots(repo)).toHaveLength(8);
  });

  it("removes snapshots named by ID prefix or 'latest', and reports names it cannot find", async () => {
    const all = await listSnapshots(repo);
    const dry = await forgetSnapshots(
      repo,
      {},
      { snapshots: [all[0].id.slice(0, 8), "latest", "ffffffffff", "nothex"], dryRun: true },
    );
    expect(dry.removed.sort()).toEqual([all[0].id, all[7].id].sort());
    expect(dry.ignored.map((i) => i.ref)).toEqual(["ffffffffff", "nothex"]);
    expect(await listSnapshots(repo)).toHaveLength(8);
    await forgetSnapshots(repo, {}, { snapshots: [all[0].id] });
    const theirs = JSON.parse(await resticOk(`${work}/repo`, ["snapshots", "--json"])) as { id: string }[];
    expect(theirs.map((s) => s.id).sort()).toEqual(
      all
        .slice(1)
        .map((s) => s.id)
        .sort(),
    );
  });

  it("removes what the policy does not keep, and restic sees exactly the rest and checks clean", async () => {
    const result = await forgetSnapshots(repo, { last: 3 });
    const kept = result.groups[0].keep.map((s) => s.id).sort();
    const theirs = JSON.parse(await resticOk(`${work}/repo`, ["snapshots", "--json"])) as {
      id: string;
      time: string;
    }[];
    expect(theirs.map((s) => s.id).sort()).toEqual(kept);
    expect(theirs.map((s) => s.time).sort()).toEqual([
      "2026-02-06T08:00:00+01:00",
      "2026-02-07T08:00:00+01:00",
      "2026-02-08T08:00:00+01:00",
    ]);
    await resticOk(`${work}/repo`, ["check"]);
    expect(await resticOk(`${work}/repo`, ["list", "locks"])).toBe("");
  });
});

describe.skipIf(skipWithoutRestic())("forgetSnapshots with prune", () => {
  let work: string;
  afterAll(() => removeDir(work));

  it("prunes the data of removed snapshots only when asked, and restic checks the result", async () => {
    work = await tempDir("lifeboat-forget-prune-");
    const repo = await Repository.init(new LocalBackend(`${work}/repo`), TEST_PASSWORD, { kdf: TEST_KDF });
    for (let day = 1; day <= 3; day++) {
      const { id: blob } = await repo.saveBlob("data", Buffer.alloc(200_000, day));
      const tree = `{"nodes":[{"name":"f","type":"file","mode":420,"mtime":"2026-01-01T00:00:00Z","atime":"2026-01-01T00:00:00Z","ctime":"2026-01-01T00:00:00Z","uid":0,"gid":0,"size":200000,"content":["${blob}"]}]}\n`;
      const { id: treeId } = await repo.saveBlob("tree", Buffer.from(tree));
      await repo.flush();
      await saveSnapshot(repo, {
        time: `2026-01-0${day}T00:00:00Z`,
        tree: treeId,
        paths: ["/d"],
        hostname: "h",
      });
    }
    const lines: string[] = [];
    const result = await forgetSnapshots(repo, { last: 1 }, { prune: true, pruneLog: (l) => lines.push(l) });
    expect(result.removed).toHaveLength(2);
    expect(lines[0]).toBe("2 snapshots have been removed, running prune");
    expect(result.pruned?.dryRun).toBe(false);
    expect(await resticOk(`${work}/repo`, ["check", "--read-data"])).toContain("no errors were found");
    const stats = JSON.parse(await resticOk(`${work}/repo`, ["stats", "--mode", "raw-data", "--json"])) as {
      total_blob_count: number;
    };
    expect(stats.total_blob_count).toBe(2); // one data blob and one tree left
    const again = await forgetSnapshots(repo, { last: 1 }, { prune: true });
    expect(again.pruned).toBeUndefined(); // nothing removed, so no prune
  });
});
