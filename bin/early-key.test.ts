import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EarlyKey, LocalBackend, Repository } from "@/lib/engine";
import { scrypt } from "@/lib/engine/scrypt/parallel";
import { removeDir, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
// @ts-expect-error plain JavaScript module without types
import { startKeyDerivation } from "./early-key.mjs";

type Early = EarlyKey[];

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

  it("derives the key of a local repository named on the command line, and opening uses it", async () => {
    const password = "made elsewhere";
    initElsewhere(path.join(work, "other"), password);
    const earlyKeys: Early = startKeyDerivation(["snapshots", "--repo", "other"], {
      LIFEBOAT_PASSWORD: password,
      INIT_CWD: work,
    });
    expect(earlyKeys).toHaveLength(1);
    await Repository.open(new LocalBackend(path.join(work, "other")), password, { earlyKeys });
    expect(earlyKeys).toHaveLength(0); // taken by the engine
  });

  it("is only a guess: a different password is not used, and the repository still opens", async () => {
    const earlyKeys: Early = startKeyDerivation(["snapshots", `--repo=${path.join(work, "repo")}`], {
      RESTIC_PASSWORD: "another one",
    });
    expect(earlyKeys).toHaveLength(1);
    await Repository.open(new LocalBackend(path.join(work, "repo")), TEST_PASSWORD, { earlyKeys });
    expect(earlyKeys).toHaveLength(1);
    await expect(
      Repository.open(new LocalBackend(path.join(work, "repo")), "wrong", { earlyKeys }),
    ).rejects.toThrow();
  });

  it("derives with the scrypt the launcher passes, or Node's when that cannot be loaded", async () => {
    const password = "made elsewhere too";
    initElsewhere(path.join(work, "third"), password);
    const argv = ["snapshots", "--repo", path.join(work, "third")];
    const earlyKeys: Early = [
      ...startKeyDerivation(argv, { LIFEBOAT_PASSWORD: password }, async () => scrypt),
      ...startKeyDerivation(argv, { LIFEBOAT_PASSWORD: password }, async () => {
        throw new Error("no build");
      }),
    ];
    const [threaded, fallback] = earlyKeys;
    expect((await threaded.key).equals(await fallback.key)).toBe(true);
    // Opening takes one of them, and would fail with a wrong key.
    await Repository.open(new LocalBackend(path.join(work, "third")), password, { earlyKeys });
    expect(earlyKeys).toHaveLength(1);
  });

  it("starts nothing for remote repositories, missing ones, or without a password", () => {
    const started = [
      startKeyDerivation(["snapshots", "--repo", "s3:http://127.0.0.1:9/bucket"], { LIFEBOAT_PASSWORD: "x" }),
      startKeyDerivation(["snapshots", "--repo", path.join(work, "nowhere")], { LIFEBOAT_PASSWORD: "x" }),
      startKeyDerivation(["snapshots", "--repo", path.join(work, "repo")], {}),
      startKeyDerivation(["help"], { LIFEBOAT_PASSWORD: "x" }),
    ];
    expect(started.flat()).toHaveLength(0);
  });
});
