// The read side the dashboard uses (one folder at a time, one file as a stream), progress
// reports, and cancellation through an AbortSignal.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, restic, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { LocalBackend } from "./backend/local";
import { backup } from "./backup";
import { dumpFile } from "./dump";
import { isEngineError } from "./errors";
import { listFolder, walkSnapshot } from "./ls";
import type { Progress } from "./progress";
import { Repository } from "./repository";
import { restore } from "./restore";
import { findSnapshot, listSnapshots } from "./snapshot";

describe("reading snapshots, progress and cancellation", () => {
  let work: string;
  let src: string;
  let repo: Repository;

  beforeAll(async () => {
    work = await tempDir();
    src = path.join(work, "site");
    await fs.mkdir(path.join(src, "conf", "nginx"), { recursive: true });
    await fs.writeFile(path.join(src, "conf", "nginx", "nginx.conf"), "worker_processes 2;\n");
    await fs.writeFile(path.join(src, "index.html"), "<h1>hello</h1>\n");
    for (let i = 0; i < 6; i++) await fs.writeFile(path.join(src, `blob${i}.bin`), randomBytes(3 << 20));
    repo = await Repository.init(new LocalBackend(path.join(work, "repo")), TEST_PASSWORD, { kdf: TEST_KDF });
  });
  afterAll(() => removeDir(work));

  it("reports progress while backing up, ending at the totals", async () => {
    const reports: Progress[] = [];
    const summary = await backup(repo, [src], { onProgress: (p) => reports.push(p) });
    const last = reports.at(-1) as Progress;
    expect(last.filesDone).toBe(8);
    expect(last.bytesDone).toBe(summary.totalBytesProcessed);
    expect(last.bytesTotal).toBe(summary.totalBytesProcessed);
    expect(reports.length).toBeGreaterThan(1);
  });

  it("reports every byte a restore writes, files of one blob and of many alike", async () => {
    const snapshot = await findSnapshot(repo, "latest");
    const reports: Progress[] = [];
    const out = path.join(work, "restored-progress");
    const summary = await restore(repo, snapshot, out, { onProgress: (p) => reports.push(p) });
    // Six files of 3 MiB (several blobs each), two small ones (one blob each).
    const total = 6 * (3 << 20) + "worker_processes 2;\n".length + "<h1>hello</h1>\n".length;
    expect(summary.bytesRestored).toBe(total);
    expect(reports.at(-1)).toMatchObject({ bytesDone: total, filesDone: 8 });
    await fs.rm(out, { recursive: true, force: true });
  });

  it("lists one folder at a time and streams one file", async () => {
    const snapshot = await findSnapshot(repo, "latest");
    const top = await listFolder(repo, snapshot, src);
    expect(top.map((n) => n.name).sort()).toEqual([
      ...[0, 1, 2, 3, 4, 5].map((i) => `blob${i}.bin`),
      "conf",
      "index.html",
    ]);
    const nginx = await listFolder(repo, snapshot, path.join(src, "conf", "nginx"));
    expect(nginx.map((n) => [n.name, n.type, Number(n.size)])).toEqual([["nginx.conf", "file", 20]]);
    expect(await text(await dumpFile(repo, snapshot, path.join(src, "conf", "nginx", "nginx.conf")))).toBe(
      "worker_processes 2;\n",
    );
    const all = [];
    for await (const e of walkSnapshot(repo, snapshot, src)) all.push(e.path);
    expect(all).toContain(path.join(src, "conf", "nginx", "nginx.conf"));
    await expect(listFolder(repo, snapshot, "/no/such/folder")).rejects.toThrow(/does not exist/);
  });

  it("cancels a backup: no snapshot is written and the repository stays valid", async () => {
    const before = (await listSnapshots(repo)).length;
    await fs.writeFile(path.join(src, "more.bin"), randomBytes(8 << 20));
    const controller = new AbortController();
    const err = await backup(repo, [src], {
      onProgress: (p) => {
        if (p.bytesDone > 0) controller.abort();
      },
      signal: controller.signal,
    }).catch((e) => e);
    expect(isEngineError(err, "aborted")).toBe(true);
    expect((await listSnapshots(repo)).length).toBe(before);
    // The pack that was being written as the backup went is removed, not left half-written.
    const leftovers = (await fs.readdir(path.join(work, "repo", "data"), { recursive: true })).filter((f) =>
      f.includes("-tmp-"),
    );
    expect(leftovers).toEqual([]);
    if (!skipWithoutRestic()) expect((await restic(path.join(work, "repo"), ["check"])).code).toBe(0);
  });

  it("restores hard links, however the files around them are scheduled", async () => {
    const linked = path.join(work, "linked");
    await fs.mkdir(linked);
    // Each group's first name sorts first and is the largest file, so its link comes up while
    // it is still being written.
    for (let i = 0; i < 24; i++) {
      await fs.writeFile(path.join(linked, `a${i}.bin`), randomBytes(((i % 4) + 1) << 20));
      await fs.link(path.join(linked, `a${i}.bin`), path.join(linked, `b${i}.lnk`));
      await fs.link(path.join(linked, `a${i}.bin`), path.join(linked, `c${i}.lnk`));
    }
    await backup(repo, [linked]);
    const out = path.join(work, "linked-out");
    const result = await restore(repo, await findSnapshot(repo, "latest", { paths: [linked] }), out);
    expect(result.errors).toEqual([]);
    for (let i = 0; i < 24; i++) {
      const [a, b, c] = await Promise.all(
        [`a${i}.bin`, `b${i}.lnk`, `c${i}.lnk`].map((f) => fs.stat(path.join(out, linked, f))),
      );
      expect(b.ino).toBe(a.ino);
      expect(c.ino).toBe(a.ino);
      expect(a.nlink).toBe(3);
    }
  });

  it("cancels a restore", async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await restore(repo, await findSnapshot(repo, "latest"), path.join(work, "out"), {
      signal: controller.signal,
    }).catch((e) => e);
    expect(isEngineError(err, "aborted")).toBe(true);
  });
});
