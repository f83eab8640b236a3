// A backup forces full collections of its thread's heap only when the caller allows it: the job
// runtime runs inside the web server, where each one would pause every page being rendered.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { constants } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { LocalBackend } from "../backend/local";
import { backup } from "../backup";
import { Repository } from "../repository";
import { forcedCollections } from "./gc.fixture";

describe("forced collections during a backup", () => {
  let dir: string;
  let repo: Repository;

  beforeAll(async () => {
    dir = await tempDir("lifeboat-full-collections-");
    await Repository.init(new LocalBackend(path.join(dir, "repo")), TEST_PASSWORD, { kdf: TEST_KDF });
    repo = await Repository.open(new LocalBackend(path.join(dir, "repo")), TEST_PASSWORD);
    for (const name of ["a", "b"]) {
      await fs.mkdir(path.join(dir, name));
      // Incompressible and new each time: every byte is stored, past the 24 MiB rule.
      for (let i = 0; i < 5; i++) await fs.writeFile(path.join(dir, name, `f${i}`), randomBytes(8 << 20));
    }
  }, 60_000);
  afterAll(async () => {
    await removeDir(dir);
  });

  it("runs full ones by default, and none with fullCollections: false", async () => {
    const byDefault = await forcedCollections(() => backup(repo, [path.join(dir, "a")]));
    expect(byDefault).toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
    const shared = await forcedCollections(() =>
      backup(repo, [path.join(dir, "b")], { fullCollections: false }),
    );
    expect(shared).not.toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
    expect(shared).toContain(constants.NODE_PERFORMANCE_GC_MINOR);
  }, 120_000);
});
