// A full disk is reported with the file being written and the repository, not only as Node's
// "ENOSPC: no space left on device, write". A real full disk: a 3 MiB tmpfs (needs root and
// permission to mount; skipped otherwise).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { backup } from "../backup";
import { Repository } from "../repository";
import { LocalBackend } from "./local";

let work = "";
let disk = "";
let mounted = false;

beforeAll(async () => {
  work = await tempDir("lifeboat-full-");
  disk = path.join(work, "disk");
  await fs.mkdir(disk);
  if (process.getuid?.() === 0) {
    mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", disk]).status === 0;
  }
});
afterAll(async () => {
  if (mounted) spawnSync("umount", [disk]);
  if (work) await removeDir(work);
});

describe("a full disk", () => {
  it("names the file and the repository", async (ctx) => {
    if (!mounted) ctx.skip();
    const repoDir = path.join(disk, "repo");
    const repo = await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, { kdf: TEST_KDF });
    const src = path.join(work, "src");
    await fs.mkdir(src);
    await fs.writeFile(path.join(src, "big"), randomBytes(8 * 1024 * 1024));
    const err = (await backup(repo, [src]).catch((e: Error) => e)) as NodeJS.ErrnoException;
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe("ENOSPC");
    expect(err.message).toMatch(/no space left on device/);
    expect(err.message).toContain(`repository ${repoDir}`);
    expect(err.message).toMatch(new RegExp(`file ${repoDir}/data/partial-[0-9a-f-]+-tmp-`));
  });
});
