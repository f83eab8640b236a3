// Passwords: what Lifeboat adds, changes and removes, restic sees and accepts, and the reverse.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, restic, resticOk, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { EngineError } from "./errors";
import { addKey, changePassword, listKeys, removeKey } from "./keys";
import { createRepo, lifeboat, names, openRepo, snapshotOf, writeRandomFiles } from "./prune/fixture";

interface ResticKey {
  current: boolean;
  id: string;
  userName: string;
  hostName: string;
}

async function resticKeys(repoDir: string, password: string): Promise<ResticKey[]> {
  return JSON.parse(await resticOk(repoDir, ["key", "list", "--json"], { password })) as ResticKey[];
}

describe.skipIf(skipWithoutRestic())("keys", () => {
  let work: string;
  let repoDir: string;
  beforeAll(async () => {
    work = await tempDir("lifeboat-keys-");
    repoDir = path.join(work, "repo");
    const src = path.join(work, "src");
    await writeRandomFiles(src, names("f", 2), 10_000);
    await snapshotOf(await createRepo(repoDir), src);
  });
  afterAll(() => removeDir(work));

  it("adds a password restic opens the repository with, and both list the same keys", async () => {
    const repo = await openRepo(repoDir);
    const added = await addKey(repo, "second password", {
      kdf: TEST_KDF,
      username: "alice",
      hostname: "laptop",
    });
    const ours = await listKeys(repo);
    expect(ours.map((k) => k.id).sort()).toEqual([added, repo.currentKeyId].sort());
    expect(ours.find((k) => k.id === added)).toMatchObject({
      username: "alice",
      hostname: "laptop",
      current: false,
    });

    const theirs = await resticKeys(repoDir, "second password");
    // restic's JSON shows short IDs.
    expect(theirs.map((k) => k.id).sort()).toEqual(ours.map((k) => k.id.slice(0, 8)).sort());
    expect(theirs.find((k) => k.current)?.id).toBe(added.slice(0, 8));
    expect((await restic(repoDir, ["snapshots"], { password: "second password" })).code).toBe(0);
  });

  it("passwd replaces the key used to open: the old password stops working, data untouched", async () => {
    const repo = await openRepo(repoDir, "second password");
    const old = repo.currentKeyId;
    const { added, removed } = await changePassword(repo, "third password", { kdf: TEST_KDF });
    expect(removed).toBe(old);
    expect(repo.currentKeyId).toBe(added);
    expect((await restic(repoDir, ["snapshots"], { password: "second password" })).code).not.toBe(0);
    const check = await restic(repoDir, ["check", "--read-data"], { password: "third password" });
    expect(check.code, check.stderr).toBe(0);
    await expect(openRepo(repoDir, "second password")).rejects.toMatchObject({ code: "wrong_password" });
  });

  it("refuses to remove the current key, removes another by prefix", async () => {
    const repo = await openRepo(repoDir, "third password");
    await expect(removeKey(repo, repo.currentKeyId.slice(0, 8))).rejects.toBeInstanceOf(EngineError);
    const other = (await listKeys(repo)).find((k) => !k.current);
    if (!other) throw new Error("expected the first key to remain");
    expect(await removeKey(repo, other.id.slice(0, 10))).toBe(other.id);
    expect((await resticKeys(repoDir, "third password")).map((k) => k.id)).toEqual([
      repo.currentKeyId.slice(0, 8),
    ]);
    await expect(openRepo(repoDir, TEST_PASSWORD)).rejects.toMatchObject({ code: "wrong_password" });
  });

  it("reads keys restic adds, and the CLI adds one restic accepts", async () => {
    const pwFile = path.join(work, "new-pw");
    await (await import("node:fs/promises")).writeFile(pwFile, "restic added this\n");
    await resticOk(repoDir, ["key", "add", "--new-password-file", pwFile], { password: "third password" });
    const repo = await openRepo(repoDir, "restic added this");
    expect((await listKeys(repo)).length).toBe(2);

    const cliPw = path.join(work, "cli-pw");
    await (await import("node:fs/promises")).writeFile(cliPw, "from the cli\n");
    const add = lifeboat(["key", "add", "--repo", repoDir, "--new-password-file", cliPw], {
      LIFEBOAT_PASSWORD: "third password",
    });
    expect(add.code, add.stderr).toBe(0);
    const list = lifeboat(["key", "list", "--repo", repoDir], { LIFEBOAT_PASSWORD: "from the cli" });
    expect(list.stdout.split("\n").filter((l) => /^[ *][0-9a-f]{8} /.test(l))).toHaveLength(3);
    expect((await restic(repoDir, ["cat", "config"], { password: "from the cli" })).code).toBe(0);
  });
});
