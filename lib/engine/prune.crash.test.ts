// An interrupted prune must leave a repository restic checks clean (after unlock) and that
// Lifeboat can prune again. The CLI is killed with SIGKILL at random moments of its run; a
// second test stops it at every write and delete in turn through a failing backend.
import { readdirSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffTrees } from "@/test-support/compare-trees";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, restic, resticOk, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import type { FileType } from "./backend/backend";
import { LocalBackend } from "./backend/local";
import { prune } from "./prune";
import {
  copyFiles,
  createRepo,
  lifeboat,
  names,
  repoFiles,
  snapshotOf,
  spawnLifeboat,
  writeRandomFiles,
} from "./prune/fixture";
import { Repository } from "./repository";

const KiB = 1024;
// LIFEBOAT_PRUNE_KILLS raises the count for a longer stress run.
const KILLS = Number(process.env.LIFEBOAT_PRUNE_KILLS ?? 6);

async function expectResticClean(dir: string, label: string): Promise<void> {
  await resticOk(dir, ["unlock"]);
  const r = await restic(dir, ["check", "--read-data"]);
  expect(r.code, `${label}\n${r.stdout}\n${r.stderr}`).toBe(0);
}

function snapshotOfFiles(repoDir: string): string {
  const data = readdirSync(path.join(repoDir, "data")).flatMap((d) =>
    readdirSync(path.join(repoDir, "data", d)),
  );
  return `${data.length}:${readdirSync(path.join(repoDir, "index")).join(",")}`;
}

/**
 * Runs the CLI's prune; once its lock file appears (node has started and prune is working),
 * kills it after `ms`. Resolves with how it ended, how long the work ran and, when asked to
 * watch, when the repository's packs or index first changed.
 */
function pruneKilledAfter(
  repoDir: string,
  ms: number,
  watch = false,
): Promise<{ outcome: "killed" | "finished"; workMs: number; firstChangeMs: number }> {
  return new Promise((resolve) => {
    const child = spawnLifeboat(["prune", "--repo", repoDir]);
    const initial = watch ? snapshotOfFiles(repoDir) : "";
    let lockedAt = 0;
    let firstChangeMs = 0;
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (!lockedAt && readdirSync(path.join(repoDir, "locks")).length > 0) {
        lockedAt = Date.now();
        timer = setTimeout(() => child.kill("SIGKILL"), ms);
      }
      if (watch && lockedAt && !firstChangeMs && snapshotOfFiles(repoDir) !== initial)
        firstChangeMs = Date.now() - lockedAt;
    }, 1);
    child.on("exit", (_code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({
        outcome: signal === "SIGKILL" ? "killed" : "finished",
        workMs: lockedAt ? Date.now() - lockedAt : 0,
        firstChangeMs,
      });
    });
  });
}

/** Fails the n-th write or remove, as a crash at that moment would leave things. */
class FailingBackend extends LocalBackend {
  ops = 0;
  constructor(
    dir: string,
    private readonly failAt: number,
  ) {
    super(dir);
  }
  private step(): void {
    if (++this.ops === this.failAt) throw new Error(`injected failure at operation ${this.ops}`);
  }
  override async write(type: FileType, name: string, bytes: Buffer): Promise<void> {
    if (type !== "locks") this.step();
    return super.write(type, name, bytes);
  }
  override async remove(type: FileType, name: string): Promise<void> {
    if (type !== "locks") this.step();
    return super.remove(type, name);
  }
}

describe.skipIf(skipWithoutRestic())("interrupted prune", () => {
  let work: string;
  let base: string;
  let v2: string;
  let kept: string;
  beforeAll(async () => {
    work = await tempDir("lifeboat-prune-crash-");
    const v1 = path.join(work, "v1");
    v2 = path.join(work, "v2");
    await writeRandomFiles(v1, names("f", 160), 16 * KiB);
    await copyFiles(v1, v2, names("f", 80));
    await writeRandomFiles(v2, names("g", 40), 16 * KiB);
    base = path.join(work, "base");
    // Small packs: many packs to delete and repack, so a kill lands in the middle of the work.
    const repo = await createRepo(base, 40 * KiB);
    const old = await snapshotOf(repo, v1);
    kept = await snapshotOf(repo, v2);
    await resticOk(base, ["forget", old]);
  }, 60_000);
  afterAll(() => removeDir(work));

  async function freshCopy(name: string): Promise<string> {
    const dir = path.join(work, name);
    await fs.cp(base, dir, { recursive: true });
    return dir;
  }

  it(`survives SIGKILL at ${KILLS} random moments, and prunes again afterwards`, async () => {
    const timing = await freshCopy("timing");
    const full = await pruneKilledAfter(timing, 120_000, true);
    expect(full.outcome).toBe("finished");
    const before = await repoFiles(base);
    const outcomes: string[] = [];
    // Timing varies with the machine's load: a run that finished before its kill shows how long
    // the work takes now, so later kills aim inside that shorter run.
    let workMs = full.workMs;
    for (let i = 0; i < KILLS; i++) {
      const dir = await freshCopy(`kill-${i}`);
      // Most of the run reads; aim the kills at the window in which it writes and deletes.
      const from = Math.max(0, (full.firstChangeMs || full.workMs / 2) * (workMs / full.workMs) - 15);
      const at = Math.round(from + (workMs - from) * Math.random());
      const run = await pruneKilledAfter(dir, at);
      const { outcome } = run;
      if (outcome === "finished") workMs = Math.min(workMs, run.workMs);
      const changed = JSON.stringify(await repoFiles(dir)) !== JSON.stringify(before);
      const label = `kill ${i} at ${at} ms of ${workMs} ms of work (${outcome}, ${changed ? "repository changed" : "nothing changed yet"})`;
      outcomes.push(label);
      await expectResticClean(dir, label);
      const again = lifeboat(["prune", "--repo", dir]);
      expect(again.code, `${label}: ${again.stderr}`).toBe(0);
      await expectResticClean(dir, `${label}, pruned again`);
      const out = path.join(work, `restore-${i}`);
      await resticOk(dir, ["restore", kept, "--target", out]);
      expect(await diffTrees(v2, path.join(out, v2))).toEqual([]);
    }
    console.info(`first change at ${full.firstChangeMs} ms of ${full.workMs} ms\n${outcomes.join("\n")}`);
    expect(outcomes.filter((o) => o.includes("(killed")).length).toBeGreaterThan(0);
  }, 300_000);

  it("stopped at each of its writes and deletes in turn, leaves a repository restic checks clean", async () => {
    const probe = await freshCopy("count");
    const counting = new FailingBackend(probe, 0);
    await prune(await Repository.open(counting, TEST_PASSWORD, { packSize: 40 * KiB }), {
      packSize: 40 * KiB,
    });
    const total = counting.ops;
    expect(total).toBeGreaterThan(5);
    // Every step would take minutes with restic's check each time; spread eight over the run.
    const steps = [...new Set(Array.from({ length: 8 }, (_, i) => 1 + Math.floor((i * (total - 1)) / 7)))];
    for (const step of steps) {
      const dir = await freshCopy(`step-${step}`);
      const failing = new FailingBackend(dir, step);
      await expect(
        prune(await Repository.open(failing, TEST_PASSWORD), { packSize: 40 * KiB }),
      ).rejects.toThrow(/injected failure/);
      await expectResticClean(dir, `stopped at operation ${step} of ${total}`);
      await prune(await Repository.open(new LocalBackend(dir), TEST_PASSWORD), { packSize: 40 * KiB });
      await expectResticClean(dir, `pruned again after stopping at ${step}`);
      const files = await repoFiles(dir);
      expect(files.index.length).toBeGreaterThan(0);
    }
  }, 300_000);
});
