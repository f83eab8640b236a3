// A restore never writes outside its target, whatever the snapshot holds: hostile trees
// (test-support/crafted-repo.ts) are restored with and without --overwrite, by the engine in
// this process (write workers) and by the compiled CLI, into fresh targets and again over what
// the first restore left; a manifest of the folder around the targets (content, mode, owner,
// link count, mtime, ctime) must not change.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lifeboatCommand } from "@/test-support/cli";
import {
  type CraftedCase,
  craftedCases,
  makeOutside,
  manifest,
  manifestChanges,
  writeCraftedSnapshots,
} from "@/test-support/crafted-repo";
import { removeDir, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { LocalBackend } from "./backend/local";
import { Repository } from "./repository";
import { restore } from "./restore";
import { loadSnapshot } from "./snapshot";

const ROOT = path.resolve(import.meta.dirname, "../..");

function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      ...lifeboatCommand(args),
      { cwd: ROOT, env: { ...process.env, LIFEBOAT_PASSWORD: TEST_PASSWORD, INIT_CWD: "" } },
      (err, _stdout, stderr) => resolve({ code: err ? ((err.code as number) ?? 1) : 0, stderr }),
    ),
  );
}

describe("restoring crafted snapshots", () => {
  let sandbox: string;
  let outside: string;
  let targets: string;
  let repoDir: string;
  let repo: Repository;
  let cases: CraftedCase[];
  let ids: Map<string, string>;
  let before: Map<string, string>;
  const around = () => manifest(sandbox, (p) => p === targets || p === repoDir);

  beforeAll(async () => {
    sandbox = await tempDir("lifeboat-escape-");
    outside = path.join(sandbox, "outside");
    targets = path.join(sandbox, "targets");
    repoDir = path.join(sandbox, "repo");
    await makeOutside(outside);
    await fs.mkdir(targets);
    repo = await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, { kdf: TEST_KDF });
    cases = await craftedCases(outside);
    ids = await writeCraftedSnapshots(repo, cases);
    before = await around();
  });
  afterAll(async () => {
    if (sandbox) await removeDir(sandbox);
  });

  const names = ["link-then-folder", "folder-then-link", "relative-link-then-folder", "nested-relative-link"];
  const all = [
    ...names,
    "link-chain",
    "link-then-file",
    "file-then-link",
    "folder-twice",
    "hard-link-to-outside-inode",
    "climbing-names",
  ];

  it.each(all)(
    "%s: the engine writes nothing outside the target, with or without overwrite",
    async (name) => {
      const snapshot = await loadSnapshot(repo, ids.get(name) as string);
      for (const overwrite of [false, true]) {
        const target = path.join(targets, `engine-${name}-${overwrite}`);
        // Twice: into an empty target, then over what the first restore left there.
        for (let round = 0; round < 2; round++) {
          const outcome = await restore(repo, snapshot, target, { overwrite: overwrite || round === 1 }).then(
            (s) => s.errors.map((e) => e.message),
            (e: Error) => [e.message],
          );
          expect(manifestChanges(before, await around())).toEqual([]);
          // Refused, entry by entry or as a whole (the benign pair restores without complaint).
          if (!name.startsWith("hard-link")) expect(outcome.length).toBeGreaterThan(0);
        }
      }
    },
  );

  it.each(all)("%s: the CLI writes nothing outside the target", async (name) => {
    const id = ids.get(name) as string;
    for (const overwrite of [false, true]) {
      const target = path.join(targets, `cli-${name}-${overwrite}`);
      for (let round = 0; round < 2; round++) {
        const flags = overwrite || round === 1 ? ["--overwrite"] : [];
        const r = await cli(["restore", "--repo", repoDir, id, "--target", target, ...flags]);
        expect(r.code, r.stderr).toBeLessThanOrEqual(1);
        expect(manifestChanges(before, await around())).toEqual([]);
      }
    }
  });

  it("replaces a link found where a folder goes only with --overwrite, and never writes through it", async () => {
    const snapshot = await loadSnapshot(repo, ids.get("plain-folder") as string);
    for (const overwrite of [false, true]) {
      const target = path.join(targets, `planted-${overwrite}`);
      await fs.mkdir(path.join(target, "crafted"), { recursive: true });
      await fs.symlink(outside, path.join(target, "crafted", "d"));
      const summary = await restore(repo, snapshot, target, { overwrite });
      expect(manifestChanges(before, await around())).toEqual([]);
      const d = await fs.lstat(path.join(target, "crafted", "d"));
      expect(d.isDirectory()).toBe(overwrite);
      expect(summary.errors.map((e) => e.path)).toEqual(overwrite ? [] : ["/crafted/d"]);
      if (overwrite) {
        expect(await fs.readFile(path.join(target, "crafted", "d", "x"), "utf8")).toBe("inside\n");
        expect(d.mode & 0o7777).toBe(0o777);
        // To the microsecond, as files: below it Node cannot set times (restore/metadata.ts).
        const times = await fs.lstat(path.join(target, "crafted", "d"), { bigint: true });
        expect(times.mtimeNs).toBe(978_307_200_123_456_000n);
      }
    }
  });

  it("restores what is not hostile, and a hard-linked pair as a pair inside the target", async () => {
    const target = path.join(targets, "benign");
    await restore(repo, await loadSnapshot(repo, ids.get("climbing-names") as string), target);
    expect(await fs.readFile(path.join(target, "crafted", "ok"), "utf8")).toBe("fine\n");
    const pair = path.join(targets, "pair");
    await restore(repo, await loadSnapshot(repo, ids.get("hard-link-to-outside-inode") as string), pair);
    const [h1, h2] = await Promise.all(["h1", "h2"].map((n) => fs.stat(path.join(pair, "crafted", n))));
    expect(h1.ino).toBe(h2.ino);
    expect(h1.nlink).toBe(2);
  });
});
