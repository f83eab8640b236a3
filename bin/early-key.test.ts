import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LocalBackend } from "@/lib/engine/backend/local";
import { Repository } from "@/lib/engine/repository";
import { scrypt } from "@/lib/engine/scrypt/parallel";
import { removeDir, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
// @ts-expect-error plain JavaScript module without types
import { startKeyDerivation } from "./early-key.mjs";

const EARLY = Symbol.for("lifeboat.earlyKeys");
const early = () => ((globalThis as { [k: symbol]: unknown[] | undefined })[EARLY] ??= []);

/** A repository made by another process: this one has not derived (and cached) its key. */
function initElsewhere(repo: string, password: string): void {
  const made = spawnSync(process.execPath, ["bin/lifeboat.mjs", "init", "--repo", repo], {
    env: { ...process.env, LIFEBOAT_PASSWORD: password, INIT_CWD: "" },
  });
  expect(made.status, made.stderr.toString()).toBe(0);
}

describe("the launcher's early key derivation", () => {
  let work: string;
  beforeAll(async () => {
    work = await tempDir("lifeboat-early-key-");
    await Repository.init(new LocalBackend(path.join(work, "repo")), TEST_PASSWORD, { kdf: TEST_KDF });
  });
  afterAll(() => removeDir(work));
  beforeEach(() => {
    early().length = 0;
  });

  it("derives the key of a local repository named on the command line, and opening uses it", async () => {
    const password = "made elsewhere";
    initElsewhere(path.join(work, "other"), password);
    startKeyDerivation(["snapshots", "--repo", "other"], { LIFEBOAT_PASSWORD: password, INIT_CWD: work });
    expect(early()).toHaveLength(1);
    await Repository.open(new LocalBackend(path.join(work, "other")), password);
    expect(early()).toHaveLength(0); // taken by the engine
  });

  it("is only a guess: a different password is not used, and the repository still opens", async () => {
    startKeyDerivation(["snapshots", `--repo=${path.join(work, "repo")}`], {
      RESTIC_PASSWORD: "another one",
    });
    expect(early()).toHaveLength(1);
    await Repository.open(new LocalBackend(path.join(work, "repo")), TEST_PASSWORD);
    expect(early()).toHaveLength(1);
    await expect(Repository.open(new LocalBackend(path.join(work, "repo")), "wrong")).rejects.toThrow();
  });

  it("derives with the scrypt the launcher passes, or Node's when that cannot be loaded", async () => {
    const password = "made elsewhere too";
    initElsewhere(path.join(work, "third"), password);
    const argv = ["snapshots", "--repo", path.join(work, "third")];
    startKeyDerivation(argv, { LIFEBOAT_PASSWORD: password }, async () => scrypt);
    startKeyDerivation(argv, { LIFEBOAT_PASSWORD: password }, async () => {
      throw new Error("no build");
    });
    const [threaded, fallback] = early() as { key: Promise<Buffer> }[];
    expect((await threaded.key).equals(await fallback.key)).toBe(true);
    // Opening takes one of them, and would fail with a wrong key.
    await Repository.open(new LocalBackend(path.join(work, "third")), password);
    expect(early()).toHaveLength(1);
  });

  it("starts nothing for remote repositories, missing ones, or without a password", () => {
    startKeyDerivation(["snapshots", "--repo", "s3:http://127.0.0.1:9/bucket"], { LIFEBOAT_PASSWORD: "x" });
    startKeyDerivation(["snapshots", "--repo", path.join(work, "nowhere")], { LIFEBOAT_PASSWORD: "x" });
    startKeyDerivation(["snapshots", "--repo", path.join(work, "repo")], {});
    startKeyDerivation(["help"], { LIFEBOAT_PASSWORD: "x" });
    expect(early()).toHaveLength(0);
  });
});
